"""The rules that compare records: one sorted pass per group, and their incremental checks.

Overlapping sessions of a trainer (HC-INTERV-009), overlapping meetings of a forum
(HC-FORUM-008), duplicate active collaborations (HC-COLLAB-008) and what an ended collaboration
still plans (HC-COLLAB-009). Each group is sorted once (on numeric keys: timestamps and the
ints of ids) and passed over once; an incremental check passes again over the groups, or parts
of groups, that the changed records were and are in.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import operator
import uuid
from collections.abc import Iterable, Iterator

from halt_core.ids import ForumId
from halt_core.model import (
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    Intervention,
    Meeting,
)
from halt_core.rules._changes import Changes
from halt_core.rules._context import CheckContext, MeetingSlot, TrainerSlot, trainer_slots
from halt_core.rules._violations import Finding, Subject
from halt_core.rules._words import en, nl, when

__all__ = [
    "double_booked",
    "duplicate_groups",
    "duplicates",
    "duplicates_again",
    "ended_again",
    "forum_meetings_again",
    "meeting_planned",
    "overlapping_meetings",
    "sessions_planned",
    "trainer_again",
]


def overlapping_meetings(
    context: CheckContext, forum_id: ForumId, calendar: list[MeetingSlot]
) -> Iterator[Finding]:
    """The overlaps in one forum's calendar: one pass, comparing with the latest end so far."""
    if len(calendar) < 2:
        return
    forum = context.forum(forum_id)
    name = forum.name if forum is not None else str(forum_id)
    # Timestamps, not wall times: Python compares two times of one zone without offsets.
    _, _, latest_end, latest = calendar[0]
    for start, _, end, m in itertools.islice(calendar, 1, None):
        if start < latest_end:
            yield Finding(
                subject_id=m.id,
                related=(latest.id,),
                values={
                    "forum": name,
                    "when": f"{m.start:%Y-%m-%d %H:%M}",
                    "other": f"{latest.start:%Y-%m-%d %H:%M}",
                },
            )
        if end > latest_end:
            latest_end, latest = end, m


def forum_meetings_again(
    context: CheckContext, changes: Changes
) -> tuple[set[uuid.UUID], list[Finding]]:
    """HC-FORUM-008 for the forums of the changed meetings, and the changed forums."""
    meetings = (*changes.old[Subject.MEETING].values(), *changes.new[Subject.MEETING].values())
    forums: set[ForumId] = {m.forum for m in meetings}
    forums.update(ForumId(id) for id in changes.of(Subject.FORUM))
    subjects = set(changes.of(Subject.MEETING))
    found: list[Finding] = []
    for forum_id in forums:
        calendar = context.forum_calendars.get(forum_id, [])
        subjects.update(slot[3].id for slot in calendar)
        found.extend(overlapping_meetings(context, forum_id, calendar))
    return subjects, found


def double_booked(
    trainer: str, schedule: list[TrainerSlot], low: int, high: int
) -> Iterator[Finding]:
    """The overlaps among ``schedule[low:high]``, a trainer's sessions sorted by start.

    One pass keeps the slot reaching furthest, and the one reaching furthest among the slots
    of other interventions than that one's: a new slot is compared with the first of those
    two that belongs to another intervention. ``low`` must start a cluster (no slot before it
    ends after it starts): what came before cannot change what is found from there on.
    """
    best: TrainerSlot | None = None
    runner_up: TrainerSlot | None = None
    for slot in itertools.islice(schedule, low, high):
        start, end, owner = slot[0], slot[1], slot[2]
        other = best if best is None or best[2] != owner else runner_up
        if other is not None and start < other[1]:
            intervention = slot[4]
            yield Finding(
                subject_id=intervention.id,
                related=(other[4].id,),
                values={
                    "trainer": trainer,
                    "title": intervention.title,
                    "when": when(slot[5]),
                    "other": other[4].title,
                },
            )
        if best is None or end > best[1]:
            if best is not None and best[2] != owner:
                runner_up = best
            best = slot
        elif owner != best[2] and (runner_up is None or end > runner_up[1]):
            runner_up = slot


class _Clusters:
    """The clusters of trainers' schedules an incremental check of HC-INTERV-009 runs again.

    A cluster is a run of sessions each starting before the latest end of those before it in
    the schedule: overlaps lie within clusters, and a pass from a cluster's first session finds
    what a pass over the whole schedule finds there.
    """

    def __init__(self, schedules: dict[str, list[TrainerSlot]]) -> None:
        self.schedules = schedules
        self.found: set[tuple[str, int, int]] = set()
        self._latest: dict[str, list[float]] = {}

    def around(self, trainer: str, slot: TrainerSlot) -> list[tuple[str, int, int]]:
        """The clusters a session at ``slot`` touches in ``trainer``'s schedule (or touched).

        Those next to its place, and those of the sessions starting within its time: a
        session removed may leave them in other clusters, or in none.
        """
        schedule = self.schedules.get(trainer)
        if not schedule:
            return []
        at = bisect.bisect_left(schedule, slot[:4])
        reach = bisect.bisect_left(schedule, (slot[1],), at)  # the first to start after it
        clusters = []
        position, last = max(at - 1, 0), min(max(reach, at + 1), len(schedule))
        while position < last:
            cluster = self.of(trainer, position)
            clusters.append(cluster)
            position = cluster[2]
        return clusters

    def of(self, trainer: str, at: int) -> tuple[str, int, int]:
        """The cluster holding position ``at`` of ``trainer``'s schedule, noted in ``found``."""
        schedule = self.schedules[trainer]
        latest = self._latest.get(trainer)
        if latest is None:  # the latest end up to each position, in C
            latest = self._latest[trainer] = list(
                itertools.accumulate(map(operator.itemgetter(1), schedule), max)
            )
        low = at
        while low > 0 and latest[low - 1] > schedule[low][0]:
            low -= 1
        high = at + 1
        while high < len(schedule) and latest[high - 1] > schedule[high][0]:
            high += 1
        cluster = (trainer, low, high)
        self.found.add(cluster)
        return cluster


def trainer_again(context: CheckContext, changes: Changes) -> tuple[set[uuid.UUID], list[Finding]]:
    """HC-INTERV-009 again for the interventions whose sessions share a cluster with a change.

    Those are the subjects checked again; each of their sessions' clusters is run again so
    all their violations are found, and the findings are kept in the order of a whole check
    (trainers by name, then sessions by start).
    """
    subjects = set(changes.of(Subject.INTERVENTION))
    if not subjects:
        return subjects, []
    schedules = context.trainer_schedules
    clusters = _Clusters(schedules)
    for record in (
        *changes.old[Subject.INTERVENTION].values(),
        *changes.new[Subject.INTERVENTION].values(),
    ):
        for trainer, slot in trainer_slots(record, context.instants):
            for name, low, high in clusters.around(trainer, slot):
                subjects.update(s[4].id for s in schedules[name][low:high])
    index = changes.index(Subject.INTERVENTION)
    for subject in subjects:
        record = index.get(subject)
        if record is not None:
            for trainer, slot in trainer_slots(record, context.instants):
                clusters.around(trainer, slot)
    found = [
        finding
        for trainer, low, high in sorted(clusters.found)
        for finding in double_booked(trainer, schedules[trainer], low, high)
        if finding.subject_id in subjects
    ]
    return subjects, found


_GroupKey = tuple[CollaborationKind, frozenset[object]]


def _group_key(c: Collaboration) -> _GroupKey | None:
    """The group of possible duplicates ``c`` is in; None when it is in none."""
    if c.status is CollaborationStatus.ACTIVE and c.partners:
        return (c.kind, frozenset(c.partners))
    return None


def duplicate_groups(
    collaborations: Iterable[Collaboration],
) -> dict[_GroupKey, list[Collaboration]]:
    """The active collaborations with partners, grouped by kind and partners."""
    groups: dict[_GroupKey, list[Collaboration]] = {}
    for c in collaborations:
        key = _group_key(c)
        if key is not None:
            groups.setdefault(key, []).append(c)
    return groups


def duplicates(kind: CollaborationKind, members: list[Collaboration]) -> Iterator[Finding]:
    """The duplicates in one group: sorted by start, compared with the furthest reaching."""
    if len(members) < 2:
        return
    members.sort(key=lambda c: (c.period.start, c.id.int))  # an id's int orders as its text
    latest = members[0]  # the one reaching furthest so far
    for c in members[1:]:
        if latest.period.end is None or c.period.start <= latest.period.end:
            yield Finding(
                subject_id=c.id,
                related=(latest.id,),
                values={
                    "name": c.name,
                    "other": latest.name,
                    "kind_en": en(kind),
                    "kind_nl": nl(kind),
                },
            )
        if _reaches(c) > _reaches(latest):
            latest = c


def duplicates_again(
    context: CheckContext, changes: Changes
) -> tuple[set[uuid.UUID], list[Finding]]:
    """HC-COLLAB-008 again for the groups the changed collaborations were and are in."""
    subjects = set(changes.of(Subject.COLLABORATION))
    if not subjects:
        return subjects, []
    was = changes.old[Subject.COLLABORATION].values()
    keys = {_group_key(c) for c in (*was, *changes.new[Subject.COLLABORATION].values())}
    keys.discard(None)
    groups = {
        key: members
        for key, members in duplicate_groups(context.network.collaborations).items()
        if key in keys
    }
    found: list[Finding] = []
    for key, members in groups.items():
        subjects.update(c.id for c in members)
        found.extend(duplicates(key[0], members))
    return subjects, found


def _reaches(c: Collaboration) -> dt.date:
    return c.period.end or dt.date.max


def meeting_planned(
    context: CheckContext, ended: Collaboration, meeting: Meeting
) -> Iterator[Finding]:
    """HC-COLLAB-009's finding when ``meeting`` of the ``ended`` one is still to be held."""
    if meeting.start > context.now and not meeting.cancelled:
        yield Finding(
            subject_id=ended.id,
            related=(meeting.id,),
            values={
                "name": ended.name,
                "what_en": "a meeting",
                "what_nl": "een overleg",
                "when": f"{meeting.start:%Y-%m-%d %H:%M}",
            },
        )


def sessions_planned(
    context: CheckContext, ended: Collaboration, intervention: Intervention
) -> Iterator[Finding]:
    """HC-COLLAB-009's findings for the sessions of ``intervention`` still to come."""
    for session in intervention.sessions:
        if session.start > context.now:
            yield Finding(
                subject_id=ended.id,
                related=(intervention.id,),
                values={
                    "name": ended.name,
                    "what_en": f"a session of {intervention.title}",
                    "what_nl": f"een bijeenkomst van {intervention.title}",
                    "when": f"{session.start:%Y-%m-%d %H:%M}",
                },
            )


def ended_again(context: CheckContext, changes: Changes) -> tuple[set[uuid.UUID], list[Finding]]:
    """HC-COLLAB-009 again for the collaborations of the changed records.

    A collaboration's meetings and sessions are found through who refers to it: its forums
    and their meetings, and its interventions.
    """
    subjects = set(changes.of(Subject.COLLABORATION))
    for kind in (Subject.INTERVENTION, Subject.FORUM):
        for record in (*changes.old[kind].values(), *changes.new[kind].values()):
            if record.collaboration is not None:
                subjects.add(record.collaboration)
    for meeting in (*changes.old[Subject.MEETING].values(), *changes.new[Subject.MEETING].values()):
        forum = context.forum(meeting.forum)
        if forum is not None and forum.collaboration is not None:
            subjects.add(forum.collaboration)
    meetings = changes.index(Subject.MEETING)
    interventions = changes.index(Subject.INTERVENTION)
    found: list[Finding] = []
    for subject in subjects:
        ended = context.collaboration(subject)
        if ended is None or ended.status is not CollaborationStatus.ENDED:
            continue
        named = list(changes.referrers(Subject.COLLABORATION, subject))
        for kind, forum_id in named:
            if kind is Subject.FORUM:
                for other, meeting_id in changes.referrers(Subject.FORUM, forum_id):
                    if other is Subject.MEETING:
                        found.extend(meeting_planned(context, ended, meetings[meeting_id]))
        for kind, intervention_id in named:
            if kind is Subject.INTERVENTION:
                found.extend(sessions_planned(context, ended, interventions[intervention_id]))
    return subjects, found
