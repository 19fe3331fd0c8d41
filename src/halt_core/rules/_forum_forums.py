"""Forum rules about the forum itself: level, participants, role, members, area."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping

from halt_core.model import Forum
from halt_core.rules._core import (
    CheckContext,
    Severity,
    Subject,
    record_rule,
)
from halt_core.rules._shared import FORUM_READS, named
from halt_core.rules._words import (
    area_words,
    dutch_count,
    en,
    english_count,
    kind_words,
    nl,
    period_words,
)

__all__ = [
    "forum_area_exists",
    "forum_level_matches_kind",
    "forum_member_once",
    "forum_members_exist",
    "forum_members_not_ended",
    "halt_role_fits_forum",
    "usual_participants_present",
]


@record_rule(
    "HC-FORUM-001",
    Severity.ERROR,
    Subject.FORUM,
    title="forum level matches its kind",
    en="Forum {name} is {kind_en}, which works at the {usual_en} level, but it is recorded "
    "at the {level_en} level.",
    nl="Overleg {name} is {kind_nl}, {kind_which_nl} op {usual_nl} niveau werkt, maar het staat "
    "op {level_nl} niveau.",
    reads=FORUM_READS,
)
def forum_level_matches_kind(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """A forum works at the level its kind works at.

    The AJB, the APJ and the JCO are arrondissement-level; a local network consultation is
    local; a national consultation national. Another level means the kind or the level is
    recorded wrongly.
    """
    usual = forum.kind.profile.level
    if usual is not None and forum.level is not usual:
        yield {
            "name": forum.name,
            **kind_words(forum.kind),
            "usual_en": en(usual),
            "usual_nl": nl(usual),
            "level_en": en(forum.level),
            "level_nl": nl(forum.level),
        }


@record_rule(
    "HC-FORUM-002",
    Severity.WARNING,
    Subject.FORUM,
    title="usual participants are at the table",
    en="Forum {name} ({kind_en}) has no member of the kind '{missing_en}', which usually takes "
    "part.",
    nl="Bij overleg {name} ({kind_nl}) ontbreekt een lid van de soort '{missing_nl}', die "
    "gewoonlijk deelneemt.",
    reads=FORUM_READS,
)
def usual_participants_present(
    forum: Forum, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """The partners usually at the table of a kind of forum are among its members.

    An AJB without the public prosecutor, or a JCO without the police, cannot do its work;
    one warning per missing kind of partner says whom to invite.
    """
    present = {p.kind for p in map(context.partner, forum.members) if p is not None}
    for kind in sorted(forum.kind.profile.usual_participants - present):
        yield {
            "name": forum.name,
            "kind_en": en(forum.kind),
            "kind_nl": nl(forum.kind),
            "missing_en": en(kind),
            "missing_nl": nl(kind),
        }


@record_rule(
    "HC-FORUM-003",
    Severity.ERROR,
    Subject.FORUM,
    title="Halt's role fits the forum",
    en="Halt is {role_en} of forum {name}, but in {kind_en} Halt can only be {allowed_en}.",
    nl="Halt is {role_nl} van overleg {name}, maar in {kind_nl} kan Halt alleen {allowed_nl} zijn.",
    reads=FORUM_READS,
)
def halt_role_fits_forum(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Halt has a role the kind of forum allows.

    In case consultations such as the JCO, Halt supplies information about youths it knows;
    it does not chair them or sit as a member. In steering forums it is a member, chair or
    guest.
    """
    allowed = forum.kind.profile.halt_roles
    if forum.halt_role not in allowed:
        ordered = sorted(allowed)
        yield {
            "name": forum.name,
            "role_en": en(forum.halt_role),
            "role_nl": nl(forum.halt_role),
            **kind_words(forum.kind),
            "allowed_en": " or ".join(en(r) for r in ordered),
            "allowed_nl": " of ".join(nl(r) for r in ordered),
        }


@record_rule(
    "HC-FORUM-004",
    Severity.ERROR,
    Subject.FORUM,
    title="forum members exist",
    en="Forum {name} lists member {partner_id}, but the network has no such partner.",
    nl="Overleg {name} noemt lid {partner_id}, maar het netwerk kent die partner niet.",
    reads=FORUM_READS,
)
def forum_members_exist(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Every member of a forum is a partner in the network.

    A member that cannot be looked up gets no invitation and hides who is at the table.
    """
    for partner_id in dict.fromkeys(forum.members):
        if context.partner(partner_id) is None:
            yield {"name": forum.name, "partner_id": partner_id}


@record_rule(
    "HC-FORUM-014",
    Severity.ERROR,
    Subject.FORUM,
    title="forum area exists",
    en="Forum {name} covers {area_en}, but the {year} municipal division does not know "
    "{codes}: the forum is missing from every selection by area.",
    nl="Overleg {name} beslaat {area_nl}, maar de gemeentelijke indeling van {year} kent "
    "{codes} niet: het overleg ontbreekt in elke selectie per gebied.",
    reads=FORUM_READS,
)
def forum_area_exists(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """A forum's area names municipalities and safety regions that exist.

    A code from an old division (a municipality merged away) or a typing error puts the
    forum nowhere on the map: it drops out of every query by area, and no case from any
    municipality can be judged to belong to it.
    """
    unknown = context.unknown_codes(forum.area)
    if unknown:
        area_en, area_nl = area_words(forum.area)
        yield {
            "name": forum.name,
            "area_en": area_en,
            "area_nl": area_nl,
            "year": context.gazetteer.year,
            "codes": ", ".join(unknown),
        }


@record_rule(
    "HC-FORUM-015",
    Severity.ERROR,
    Subject.FORUM,
    title="no member twice in a forum",
    en="Forum {name} lists member {partner} {times_en}.",
    nl="Overleg {name} noemt lid {partner} {times_nl}.",
    reads=FORUM_READS,
)
def forum_member_once(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Each partner is a member of a forum once.

    A member listed twice is a data-entry slip: it gets every invitation twice and inflates
    the count of who is at the table.
    """
    for partner_id, times in Counter(forum.members).items():
        if times > 1:
            yield {
                "name": forum.name,
                "partner": named(partner_id, context),
                "times_en": english_count(times, "time"),
                "times_nl": dutch_count(times, "keer", "keer"),
            }


@record_rule(
    "HC-FORUM-016",
    Severity.WARNING,
    Subject.FORUM,
    title="a forum's members had not ended",
    en="Forum {name} ({period_en}) lists member {partner}, which ended on {ended}.",
    nl="Overleg {name} ({period_nl}) noemt lid {partner}, die eindigde op {ended}.",
    reads=FORUM_READS,
)
def forum_members_not_ended(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """The members of a forum had not ended while the forum meets.

    A partner that closed, merged or stopped working with Halt
    (:attr:`~halt_core.model.Partner.ended_on`) is no longer at the table: a forum that
    still meets after the member's last day should list the partner that took over its
    work. A forum that ended before the member did is history, and fine.
    """
    reaches = forum.period.end or dt.date.max
    for partner_id in dict.fromkeys(forum.members):
        partner = context.partner(partner_id)
        if partner is not None and partner.ended_on is not None and partner.ended_by(reaches):
            yield {
                "name": forum.name,
                "partner": partner.name,
                "ended": partner.ended_on.isoformat(),
                **period_words(forum.period),
            }
