"""Plan a school lesson, move it, cancel it: the school's calendar follows, a webhook is told.

Run it with ``python examples/notify/notify_example.py`` (``--store URL`` for another store
than a new SQLite file). It starts a mail server and a webhook receiver on this machine,
then, three times, changes the lesson through the lifecycle functions (which record events
in the store's outbox) and runs the dispatcher once. After each round it prints what the
school's mailbox got (the calendar invitation: method, UID, SEQUENCE) and what the receiver
verified. The receiver answers 503 to its first two requests: the dispatcher tries again, in
its next rounds.
Exit code 1 if anything did not arrive as promised.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

import attrs
import icalendar

import halt_core
from halt_adapters.notify.dispatcher import Dispatcher
from halt_adapters.notify.smtp import SmtpNotifier
from halt_adapters.notify.webhook import WebhookNotifier
from halt_core import (
    AMSTERDAM,
    Area,
    Audience,
    ContactPoint,
    Intervention,
    InterventionId,
    InterventionKind,
    InterventionStatus,
    Level,
    Partner,
    PartnerId,
    PartnerKind,
    Period,
    Session,
    TargetGroup,
    cancel_intervention,
    new_id,
    reschedule_intervention,
    schedule_intervention,
)
from halt_core.events import Event
from halt_core.notify import RetryPolicy
from halt_core.storage import Store

from hook_receiver import HookReceiver
from mail_server import Mailbox, calendar_part

SECRET = "example-secret-of-some-length"  # shared by sender and receiver (HALT_WEBHOOK_SECRET)
SCHOOL_MAIL = "directie@deregenboog.example.nl"
PLANNER = "planner@halt.example.nl"
MONDAY = dt.datetime(2026, 10, 5, 10, 0, tzinfo=AMSTERDAM)


def main(argv: list[str] | None = None) -> int:
    """Run the example; 0 when every notification arrived as promised."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a store URL; default a new SQLite file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.store or f"sqlite:///{Path(folder) / 'notify.sqlite3'}"
        with (
            halt_core.connect(url) as store,
            Mailbox() as mailbox,
            HookReceiver(SECRET, unavailable_first=2) as receiver,
        ):
            return run(store, mailbox, receiver)


def run(store: Store, mailbox: Mailbox, receiver: HookReceiver) -> int:
    """The three rounds; 0 when each delivered what it should."""
    school, town = partners()
    lesson = agreed_lesson(school, town)
    with store.unit_of_work() as uow:
        uow.partners.add(school)
        uow.partners.add(town)
        uow.interventions.add(lesson)
    notifiers = [
        SmtpNotifier(f"smtp://127.0.0.1:{mailbox.port}?from=halt@example.nl"),
        WebhookNotifier(f"webhook+{receiver.url}", secret=SECRET),
    ]
    dispatcher = Dispatcher(store, notifiers, policy=RetryPolicy(min_backoff=0))
    problems: list[str] = []

    def change(step: str, method: str) -> None:
        event: Event
        with store.unit_of_work() as uow:
            current = uow.interventions.get(lesson.id)
            if step == "plan":
                new, event = schedule_intervention(
                    current, sessions=[session(MONDAY)], by=PLANNER, at=now()
                )
            elif step == "move":
                # The same session, moved: it keeps its id, and so its calendar UID.
                planned = current.sessions[0]
                moved = MONDAY + dt.timedelta(days=2, hours=3)
                again = attrs.evolve(
                    planned, start=moved, end=moved + (planned.end - planned.start)
                )
                new, event = reschedule_intervention(
                    current, sessions=[again], by=PLANNER, at=now()
                )
            else:
                new, event = cancel_intervention(
                    current, reason="de school is die week dicht", by=PLANNER, at=now()
                )
            uow.interventions.save(new)
            uow.outbox.add(event)
        mails_before = len(mailbox.mails)
        # Rounds, as `halt notify` runs them, until nothing is pending: each round tries a
        # delivery once, and one the receiver refused for now is due again in the next.
        done = dispatcher.run_once()
        for _ in range(10):
            if done.retrying == 0 or not pending(store):
                break
            done += dispatcher.run_once()
        mails = mailbox.mails[mails_before:]
        print(f"\n{step}: {done.delivered} delivered, {done.retrying} retried, {done.dead} dead")
        for mail in mails:
            found = calendar_part(mail)
            line = f"  mail to {mail['To']}: {mail['Subject']}"
            if found is not None:
                calendar = icalendar.Calendar.from_ical(found[1])
                (entry,) = calendar.walk("VEVENT")
                line += f" [{found[0]} {entry['UID']} SEQUENCE {entry['SEQUENCE']}]"
                if found[0] != method:
                    problems.append(f"{step}: the invitation's method is {found[0]}, not {method}")
            print(line)
        if not any(SCHOOL_MAIL in str(m["To"]) for m in mails):
            problems.append(f"{step}: the school got no mail")
        print(f"  webhook: {len(receiver.events)} verified event(s) so far", end="")
        print(f" (last: {receiver.events[-1]['type']})" if receiver.events else "")

    change("plan", "REQUEST")
    change("move", "REQUEST")
    change("cancel", "CANCEL")
    dispatcher.close()

    uids = {calendar_uid(m) for m in mailbox.mails if SCHOOL_MAIL in str(m["To"])}
    if len(uids - {None}) != 1:
        problems.append(f"the school's invitations have {len(uids)} UIDs, not one: {uids}")
    if [e["type"] for e in receiver.events] != [
        "nl.halt.intervention.scheduled",
        "nl.halt.intervention.rescheduled",
        "nl.halt.intervention.cancelled",
    ]:
        problems.append("the webhook did not get the three events once each, in order")
    if receiver.refused:
        problems.append(f"{receiver.refused} webhook request(s) did not verify")
    with store.unit_of_work() as uow:
        counts = uow.deliveries.counts()
    if any(state.value != "delivered" and n for (_, state), n in counts.items()):
        problems.append(f"not everything was delivered: {counts}")
    print()
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("Every notification arrived." if not problems else "")
    return 1 if problems else 0


def pending(store: Store) -> int:
    """How many deliveries are still pending."""
    with store.unit_of_work() as uow:
        counts = uow.deliveries.counts()
    return sum(n for (_, state), n in counts.items() if state.value == "pending")


def calendar_uid(mail: object) -> str | None:
    """The UID of the mail's invitation, if it has one."""
    found = calendar_part(mail)  # type: ignore[arg-type]
    if found is None:
        return None
    (entry,) = icalendar.Calendar.from_ical(found[1]).walk("VEVENT")
    return str(entry["UID"])


def partners() -> tuple[Partner, Partner]:
    """The school, and the municipality that commissioned the lesson."""
    amsterdam = Area.municipality("GM0363")
    school = Partner(
        id=new_id(PartnerId),
        name="OBS De Regenboog",
        kind=PartnerKind.SCHOOL,
        level=Level.LOCAL,
        area=amsterdam,
        brin="99XY",
        contact_points=(ContactPoint(role="directie", email=SCHOOL_MAIL, phone="020 012 3456"),),
    )
    town = Partner(
        id=new_id(PartnerId),
        name="Gemeente Amsterdam",
        kind=PartnerKind.MUNICIPALITY,
        level=Level.LOCAL,
        area=amsterdam,
        oin="00000005000000001000",
        contact_points=(ContactPoint(role="jeugd en veiligheid", email="jv@amsterdam.example.nl"),),
        language="en",
    )
    return school, town


def agreed_lesson(school: Partner, town: Partner) -> Intervention:
    """A lesson the school and the municipality agreed on, not yet planned."""
    return Intervention(
        id=new_id(InterventionId),
        kind=InterventionKind.INFORMATION_LESSON,
        title="Voorlichtingsles vuurwerk",
        target_group=TargetGroup(audience=Audience.PUPILS, description="groep 8"),
        area=school.area,
        commissioner=town.id,
        school=school.id,
        period=Period(start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31)),
        status=InterventionStatus.AGREED,
        requested_on=dt.date(2026, 9, 1),
    )


def session(start: dt.datetime) -> Session:
    """A session of ninety minutes in the school's hall."""
    return Session(start=start, end=start + dt.timedelta(minutes=90), location="aula")


def now() -> dt.datetime:
    """The moment of a change."""
    return dt.datetime.now(AMSTERDAM)


if __name__ == "__main__":
    sys.exit(main())
