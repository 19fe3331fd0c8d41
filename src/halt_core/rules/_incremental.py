"""The incremental check: take the previous check's indexes over and update them.

``RuleSet.check(network, changed=ids, previous=report)`` gives the new network a context whose
indexes are the previous context's, updated for the changed records only: the per-trainer
schedules, the per-forum calendars, the area caches and the index of who refers to whom. The
previous context gives them up (it builds them again should it be used again), so a chain of
incremental checks does work in proportion to the changes, not to the network.
"""

from __future__ import annotations

import bisect
import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from halt_core.model import Gazetteer, Network
from halt_core.model.settings import RuleSettings
from halt_core.rules._changes import Changes, References
from halt_core.rules._context import CheckContext, meeting_slot, trainer_slots
from halt_core.rules._violations import Subject

__all__ = ["carry_over", "same_terms"]


def same_terms(
    previous: CheckContext,
    gazetteer: Gazetteer | None,
    now: dt.datetime | None,
    settings: RuleSettings | None,
) -> bool:
    """Whether a check with these terms judges as ``previous`` did (None: take the previous)."""
    return (
        (gazetteer is None or gazetteer is previous.gazetteer)
        and (now is None or now == previous.now)
        and (settings is None or settings == previous.settings)
    )


def carry_over(
    previous: CheckContext, network: Network, changed: Iterable[uuid.UUID]
) -> tuple[CheckContext, Changes]:
    """A context for ``network`` with ``previous``'s indexes, updated for ``changed``."""
    context = CheckContext(network, previous.gazetteer, previous.now, previous.settings)
    # Area answers do not depend on the network: share them as they are.
    context._codes = previous._codes
    context._municipalities = previous._municipalities
    context.instants = previous.instants
    references = _take(previous, "references")
    if references is None:
        references = References.of(previous.network)
    changes = Changes(changed, previous.network, network, references)
    for subject in Subject:
        for record in changes.old[subject].values():
            references.remove(subject, record)
        for record in changes.new[subject].values():
            references.add(subject, record)
    context.__dict__["references"] = references
    members = previous._members
    for forum_id in changes.of(Subject.FORUM):
        members.pop(forum_id.int, None)
    context._members = members
    previous._members = {}
    for subject in (Subject.PARTNER, Subject.FORUM, Subject.COLLABORATION, Subject.REFERRAL):
        _carry_ids(previous, context, changes, subject)
    _carry_ended(previous, context, changes)
    _carry_schedules(previous, context, changes)
    _carry_calendars(previous, context, changes)
    return context, changes


def _take(previous: CheckContext, name: str) -> Any:
    """``previous``'s index ``name``, taken from it (None when it has not built it)."""
    return previous.__dict__.pop(name, None)


def _carry_ids(
    previous: CheckContext, context: CheckContext, changes: Changes, subject: Subject
) -> None:
    name = f"_{subject.value}_ids"
    ids = _take(previous, name)
    if ids is None:
        return
    for id in changes.old[subject]:
        del ids[id.int]
    for id, record in changes.new[subject].items():
        ids[id.int] = record
    context.__dict__[name] = ids


def _carry_ended(previous: CheckContext, context: CheckContext, changes: Changes) -> None:
    ended = _take(previous, "ended_partners")
    if ended is None:
        return
    for partner in changes.old[Subject.PARTNER].values():
        ended.discard(partner.id.int)
    for partner in changes.new[Subject.PARTNER].values():
        if partner.ended_on is not None:
            ended.add(partner.id.int)
    context.__dict__["ended_partners"] = ended


def _carry_schedules(previous: CheckContext, context: CheckContext, changes: Changes) -> None:
    schedules = _take(previous, "trainer_schedules")
    if schedules is None:
        return  # built on first use, from the new network
    added = False
    for record in changes.old[Subject.INTERVENTION].values():
        for trainer, slot in trainer_slots(record, context.instants):
            schedule = schedules[trainer]
            del schedule[bisect.bisect_left(schedule, slot[:4])]
            if not schedule:
                del schedules[trainer]
    for record in changes.new[Subject.INTERVENTION].values():
        for trainer, slot in trainer_slots(record, context.instants):
            schedule = schedules.get(trainer)
            if schedule is None:
                schedules[trainer] = [slot]
                added = True
            else:
                bisect.insort(schedule, slot)
    if added:  # the rule goes through trainers in name order
        schedules = {trainer: schedules[trainer] for trainer in sorted(schedules)}
    context.__dict__["trainer_schedules"] = schedules


def _carry_calendars(previous: CheckContext, context: CheckContext, changes: Changes) -> None:
    calendars = _take(previous, "forum_calendars")
    if calendars is None:
        return
    for meeting in changes.old[Subject.MEETING].values():
        slot = meeting_slot(meeting, context.instants)
        if slot is not None:
            calendar = calendars[meeting.forum]
            del calendar[bisect.bisect_left(calendar, slot[:2])]
            if not calendar:
                del calendars[meeting.forum]
    for meeting in changes.new[Subject.MEETING].values():
        slot = meeting_slot(meeting, context.instants)
        if slot is not None:
            bisect.insort(calendars.setdefault(meeting.forum, []), slot)
    context.__dict__["forum_calendars"] = calendars
