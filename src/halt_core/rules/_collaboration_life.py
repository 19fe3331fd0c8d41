"""Collaboration rules about when: duplicates, periods and what an ended one plans."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from halt_core.model import (
    Collaboration,
    CollaborationStatus,
)
from halt_core.rules._core import (
    CheckContext,
    Finding,
    Severity,
    Subject,
    network_rule,
    record_rule,
)
from halt_core.rules._groups import (
    duplicate_groups,
    duplicates,
    duplicates_again,
    ended_again,
    meeting_planned,
    sessions_planned,
)
from halt_core.rules._shared import COLLABORATION_READS
from halt_core.rules._words import period_words

__all__ = [
    "active_collaboration_within_period",
    "ended_collaboration_has_period_end",
    "ended_collaboration_plans_nothing",
    "no_duplicate_active_collaborations",
]


@network_rule(
    "HC-COLLAB-008",
    Severity.WARNING,
    Subject.COLLABORATION,
    title="no duplicate active collaborations",
    en="Collaboration {name} duplicates {other}: both are active, of the kind {kind_en}, with the "
    "same partners in overlapping periods.",
    nl="Samenwerking {name} doet {other} dubbel: beide zijn actief, van de soort {kind_nl}, met "
    "dezelfde partners in overlappende perioden.",
    recheck=duplicates_again,
)
def no_duplicate_active_collaborations(context: CheckContext) -> Iterator[Finding]:
    """No two active collaborations of one kind have the same partners and overlapping periods.

    Two such records are almost always the same collaboration entered twice; keeping both
    splits its agreements and meetings. Found by grouping and sorting, not by comparing every
    pair.
    """
    for key, members in duplicate_groups(context.network.collaborations).items():
        yield from duplicates(key[0], members)


@network_rule(
    "HC-COLLAB-009",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="an ended collaboration plans nothing",
    en="Collaboration {name} has ended, but {what_en} on {when} is still planned.",
    nl="Samenwerking {name} is beëindigd, maar {what_nl} op {when} staat nog gepland.",
    recheck=ended_again,
)
def ended_collaboration_plans_nothing(context: CheckContext) -> Iterator[Finding]:
    """An ended collaboration has no meetings or sessions in the future.

    When a collaboration ends, its forums stop meeting and its work stops; a planned meeting
    or session would send people to something that no longer exists. A meeting called off
    (:attr:`~halt_core.model.Meeting.cancelled`) is not planned any more.
    """
    ended = {
        c.id: c for c in context.network.collaborations if c.status is CollaborationStatus.ENDED
    }
    if not ended:
        return
    forums = {f.id: f.collaboration for f in context.network.forums if f.collaboration in ended}
    for meeting in context.network.meetings:
        owner = forums.get(meeting.forum)
        if owner is not None:
            yield from meeting_planned(context, ended[owner], meeting)
    for intervention in context.network.interventions:
        owner_id = intervention.collaboration
        if owner_id in ended:
            yield from sessions_planned(context, ended[owner_id], intervention)


@record_rule(
    "HC-COLLAB-012",
    Severity.WARNING,
    Subject.COLLABORATION,
    title="an active collaboration's period has not ended",
    en="Collaboration {name} is active, but its period ended on {end} (today is {today}): end "
    "it, or extend its period.",
    nl="Samenwerking {name} is actief, maar de periode ervan eindigde op {end} (vandaag is het "
    "{today}): beëindig de samenwerking, of verleng de periode.",
    reads=COLLABORATION_READS,
)
def active_collaboration_within_period(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A collaboration that is active has not passed the end of its period.

    The period is what the parties agreed; running on past it means the collaboration was
    extended without recording it, or ended without recording that. Either way the status
    and the period tell different stories.
    """
    end = c.period.end
    if c.status is CollaborationStatus.ACTIVE and end is not None and end < context.today:
        yield {"name": c.name, "end": end.isoformat(), "today": context.today.isoformat()}


@record_rule(
    "HC-COLLAB-013",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="an ended collaboration's period has an end",
    en="Collaboration {name} has ended, but its period ({period_en}) has no end: record its "
    "last day.",
    nl="Samenwerking {name} is beëindigd, maar de periode ervan ({period_nl}) heeft geen einde: "
    "leg de laatste dag vast.",
    reads=COLLABORATION_READS,
)
def ended_collaboration_has_period_end(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """An ended collaboration has a period with an end.

    Ending a collaboration (:func:`~halt_core.lifecycle.end_collaboration`) sets the last
    day of its period; an ended collaboration with an open period was changed past the
    lifecycle, and counts as running in every selection by period.
    """
    if c.status is CollaborationStatus.ENDED and c.period.end is None:
        yield {"name": c.name, **period_words(c.period)}
