"""Prepare the information sheets for one JCO meeting, say what was left off and why, and log it.

Halt supplies information about the youths on the agenda of a justice case consultation
(JCO). Not every partner at the table may see everything: here a school is a member of the
JCO (as happens in a local set-up), so for the one case it stays for, the policy refuses it
the youth's data; for the other case it left the table. A third case names a referral of
another youth, whose data no sheet shows.

The script keeps the network in a store (an SQLite file in a temporary folder unless a store
URL is given), prepares the sheets for the meeting in one transaction that also records a
disclosure per sheet that shows data about a youth, prints each sheet in Dutch, and then the
disclosure log as it was committed.

Run it with ``python examples/jco_information_sheets.py [STORE_URL]``.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from halt_core import (
    AMSTERDAM,
    Area,
    Arrondissement,
    CaseOnAgenda,
    Forum,
    ForumId,
    ForumKind,
    HaltRole,
    Level,
    Meeting,
    MeetingId,
    Network,
    OffenceCategory,
    Partner,
    PartnerId,
    PartnerKind,
    Period,
    Referral,
    ReferralId,
    YouthPseudonym,
    connect,
    stable_id,
)
from halt_core.model import AgendaItem
from halt_core.privacy.sheets import prepare_information_sheets
from halt_core.storage import DisclosureQuery

DISTRICT = Area.arrondissement(Arrondissement.AMSTERDAM)
AMSTERDAM_CITY = Area.municipality("GM0363")
MEETING = stable_id(MeetingId, "JCO Amsterdam", "2026-03-03")
FIRST, SECOND, THIRD = (YouthPseudonym(p) for p in ("Y-7F3K9Q2M", "Y-BGW7LDL3", "Y-4HC9RT2P"))


def _partner(name: str, kind: PartnerKind, level: Level, area: Area) -> Partner:
    return Partner(id=stable_id(PartnerId, name), name=name, kind=kind, level=level, area=area)


def build() -> Network:
    """The JCO, its members, one meeting with three cases, and the referrals they name."""
    police = _partner("Politie eenheid Amsterdam", PartnerKind.POLICE, Level.REGIONAL, DISTRICT)
    om = _partner("OM Amsterdam", PartnerKind.PUBLIC_PROSECUTION, Level.REGIONAL, DISTRICT)
    rvdk = _partner(
        "Raad voor de Kinderbescherming Amsterdam",
        PartnerKind.CHILD_PROTECTION_BOARD,
        Level.REGIONAL,
        DISTRICT,
    )
    school = _partner("Het Stedelijk Lyceum", PartnerKind.SCHOOL, Level.LOCAL, AMSTERDAM_CITY)
    jco = Forum(
        id=stable_id(ForumId, "JCO Amsterdam"),
        name="JCO Amsterdam",
        kind=ForumKind.JCO,
        level=Level.REGIONAL,
        area=DISTRICT,
        members=(om.id, police.id, rvdk.id, school.id),
        halt_role=HaltRole.INFORMATION_SUPPLIER,
        period=Period(start=dt.date(2020, 1, 1)),
    )

    def referral(youth: YouthPseudonym, offence: OffenceCategory, day: dt.date) -> Referral:
        return Referral(
            id=stable_id(ReferralId, youth, day.isoformat()),
            referrer=police.id,
            youth=youth,
            age_at_offence=15,
            offence=offence,
            offence_date=day,
            referred_on=day + dt.timedelta(days=3),
            municipality="GM0363",
        )

    first = referral(FIRST, OffenceCategory.SHOPLIFTING, dt.date(2026, 1, 12))
    second = referral(SECOND, OffenceCategory.VANDALISM, dt.date(2026, 1, 20))
    at_the_table = (om.id, police.id, rvdk.id)
    meeting = Meeting(
        id=MEETING,
        forum=jco.id,
        start=dt.datetime(2026, 3, 3, 9, 30, tzinfo=AMSTERDAM),
        end=dt.datetime(2026, 3, 3, 11, 0, tzinfo=AMSTERDAM),
        location="Veiligheidshuis Amsterdam",
        attendees=(*at_the_table, school.id),
        agenda=(AgendaItem(title=f"Casus {FIRST} (Jan de Vries)", notes="geb. 03-04-2010"),),
        cases=(
            # The school stays: the policy refuses it the youth's data.
            CaseOnAgenda(youth=FIRST, municipality="GM0363", referral=first.id),
            # The school left the table for this one.
            CaseOnAgenda(
                youth=SECOND,
                municipality="GM0363",
                referral=second.id,
                discussed_with=at_the_table,
            ),
            # A slip: the referral named is the first youth's.
            CaseOnAgenda(
                youth=THIRD, municipality="GM0363", referral=first.id, discussed_with=at_the_table
            ),
        ),
    )
    return Network.empty().with_records([police, om, rvdk, school, jco, meeting, first, second])


def main(argv: list[str]) -> None:
    """Store the network, prepare the sheets, print them and the disclosure log."""
    folder = tempfile.mkdtemp(prefix="halt-jco-")
    url = argv[0] if argv else "sqlite:///" + (Path(folder) / "halt.sqlite3").as_posix()
    with connect(url) as store:
        with store.unit_of_work() as uow:
            uow.add_network(build())
            uow.commit()
        with store.unit_of_work() as uow:
            sheets = prepare_information_sheets(
                uow,
                MEETING,
                by="informatievoorziener Halt Amsterdam",
                now=dt.datetime(2026, 3, 2, 16, 0, tzinfo=AMSTERDAM),
            )
            uow.commit()  # the disclosures are recorded before any sheet is handed out
        for sheet in sheets:
            print(sheet.text())
            print("-" * 72)
        with store.unit_of_work() as uow:
            logged = uow.privacy_log.disclosures(DisclosureQuery())
        print(f"Verstrekkingenlog: {len(logged)} vermelding(en)")
        for entry in sorted(logged, key=lambda e: (e.youths, e.recipient_name)):
            fields = ", ".join(field.split(".")[1] for field in entry.fields)
            print(
                f"  {entry.at.astimezone(AMSTERDAM):%d-%m-%Y %H:%M}  {', '.join(entry.youths)} "
                f"aan {entry.recipient_name} ({entry.purpose.dutch}, "
                f"{entry.legal_basis.value.upper()}): {fields}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
