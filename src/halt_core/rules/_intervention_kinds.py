"""Intervention rules about what each kind of work needs: school, ages, audience, area."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from halt_core.model import (
    AreaKind,
    Audience,
    Intervention,
    InterventionKind,
    PartnerKind,
)
from halt_core.model.words import dutch_noun, english_noun
from halt_core.rules._core import (
    CheckContext,
    Severity,
    Subject,
    record_rule,
)
from halt_core.rules._shared import (
    INTERVENTION_READS,
    LESSONS,
    SAFE_PUBLIC_TASK,
    SAFETY_ADVICE,
    WITH_GROUPS,
)
from halt_core.rules._words import en, kind_words, nl

__all__ = [
    "group_work_is_local",
    "lesson_ages_fit",
    "lesson_at_school",
    "safe_public_task_for_education_staff",
    "safety_advice_for_a_school",
    "works_with_a_youth_group",
]


@record_rule(
    "HC-INTERV-001",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="an information lesson is given at a school",
    en="Information lesson {title} {problem_en}.",
    nl="Voorlichtingsles {title} {problem_nl}.",
    reads=INTERVENTION_READS,
    where={"kind": LESSONS},
)
def lesson_at_school(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """An information lesson (voorlichtingsles) names the school where it is given.

    Lessons are given in school classes; the school is where the trainer goes, whom the
    dates are agreed with, and whose calendar receives them.
    """
    if i.kind is not InterventionKind.INFORMATION_LESSON:
        return
    if i.school is None:
        yield {"title": i.title, "problem_en": "names no school", "problem_nl": "noemt geen school"}
        return
    school = context.partner(i.school)
    if school is not None and school.kind is not PartnerKind.SCHOOL:
        kind = kind_words(school.kind)
        yield {
            "title": i.title,
            "problem_en": f"is given at {school.name}, {kind['kind_en']}, not a school",
            "problem_nl": f"wordt gegeven bij {school.name}, {kind['kind_nl']}, geen school",
        }


@record_rule(
    "HC-INTERV-002",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="an information lesson has a fitting age range",
    en="Information lesson {title} {problem_en}; lessons are for ages {low} to {high}.",
    nl="Voorlichtingsles {title} {problem_nl}; lessen zijn voor {low} tot en met {high} jaar.",
    reads=INTERVENTION_READS,
    where={"kind": LESSONS},
)
def lesson_ages_fit(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """An information lesson targets an age range that fits school lessons.

    Halt's lessons are made for primary school years 7 and 8 (about 10 to 12) and secondary
    school; the range is in :class:`RuleSettings` (``lesson_ages``).
    """
    if i.kind is not InterventionKind.INFORMATION_LESSON:
        return
    fits = context.settings.lesson_ages
    ages = i.target_group.age_range
    values = {"title": i.title, "low": fits.minimum, "high": fits.maximum}
    if ages is None:
        yield {
            **values,
            "problem_en": "has no target age range",
            "problem_nl": "heeft geen leeftijden",
        }
    elif ages.minimum < fits.minimum or ages.maximum > fits.maximum:
        yield {
            **values,
            "problem_en": f"targets ages {ages.minimum} to {ages.maximum}",
            "problem_nl": f"is voor {ages.minimum} tot en met {ages.maximum} jaar",
        }


@record_rule(
    "HC-INTERV-003",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="school safety advice is for a school, from a commissioner who may ask for it",
    en="School safety advice {title} {problem_en}.",
    nl="Schoolveiligheidsadvies {title} {problem_nl}.",
    reads=INTERVENTION_READS,
    where={"kind": SAFETY_ADVICE},
)
def safety_advice_for_a_school(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """School safety advice (schoolveiligheidsadvies) is for a school, asked by a commissioner.

    The advice is about one school's safety policy, so it names that school: as its
    :attr:`~halt_core.model.Intervention.school`, or as its commissioner when the school
    asks for it itself. Municipalities commission most of Halt's preventive work, schools
    and ministries some of it; the kinds that may commission school safety advice are in
    :class:`RuleSettings` (``safety_advice_commissioners``: a school, a municipality, or a
    ministry by default).
    """
    if i.kind is not InterventionKind.SCHOOL_SAFETY_ADVICE:
        return
    if i.commissioner is None:
        yield {
            "title": i.title,
            "problem_en": "has no commissioner",
            "problem_nl": "heeft geen opdrachtgever",
        }
        return
    commissioner = context.partner(i.commissioner)
    allowed = context.settings.safety_advice_commissioners
    if commissioner is not None and commissioner.kind not in allowed:
        kind = kind_words(
            commissioner.kind,
            en_verbs={"does_en": ("does", "do")},
            nl_verbs={"gives_nl": ("geeft", "geven")},
        )
        ordered = [k for k in PartnerKind if k in allowed]
        yield {
            "title": i.title,
            "problem_en": f"is commissioned by {commissioner.name}, {kind['kind_en']}, which "
            f"{kind['does_en']} not commission school safety advice; "
            f"{_either_en(ordered)} does",
            "problem_nl": f"heeft {commissioner.name} als opdrachtgever, {kind['kind_nl']}, "
            f"{kind['kind_which_nl']} geen opdracht voor schoolveiligheidsadvies "
            f"{kind['gives_nl']}; dat doet {_either_nl(ordered)}",
        }
    by_school = commissioner is not None and commissioner.kind is PartnerKind.SCHOOL
    if i.school is None:
        if not by_school:
            yield {
                "title": i.title,
                "problem_en": "names no school it is for",
                "problem_nl": "noemt geen school waarvoor het is",
            }
        return
    school = context.partner(i.school)
    if school is not None and school.kind is not PartnerKind.SCHOOL:
        kind = kind_words(school.kind)
        yield {
            "title": i.title,
            "problem_en": f"is for {school.name}, {kind['kind_en']}, not a school",
            "problem_nl": f"is voor {school.name}, {kind['kind_nl']}, geen school",
        }


def _either_en(kinds: list[PartnerKind]) -> str:
    words = [english_noun(k).indefinite for k in kinds]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _either_nl(kinds: list[PartnerKind]) -> str:
    words = [dutch_noun(k).indefinite for k in kinds]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} of {words[-1]}"


@record_rule(
    "HC-INTERV-004",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="mediation and dialogue are with a youth group",
    en="{kind_en} {title} targets {audience_en}, but it works with a youth group.",
    nl="{kind_nl} {title} richt zich op {audience_nl}, maar werkt met een jeugdgroep.",
    reads=INTERVENTION_READS,
    where={"kind": WITH_GROUPS},
)
def works_with_a_youth_group(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Youth mediation and a guided dialogue target a youth group.

    Both answer nuisance by a group of youths in public space (an overlastgevende
    jeugdgroep): the group is who Halt talks with.
    """
    if i.kind in WITH_GROUPS and i.target_group.audience is not Audience.YOUTH_GROUP:
        yield {
            "title": i.title,
            "kind_en": en(i.kind).capitalize(),
            "kind_nl": nl(i.kind).capitalize(),
            "audience_en": en(i.target_group.audience),
            "audience_nl": nl(i.target_group.audience),
        }


@record_rule(
    "HC-INTERV-005",
    Severity.WARNING,
    Subject.INTERVENTION,
    title="mediation and dialogue happen in one municipality",
    en="{kind_en} {title} covers {area_en}; a youth group meets in one municipality.",
    nl="{kind_nl} {title} beslaat {area_nl}; een jeugdgroep komt samen in één gemeente.",
    reads=INTERVENTION_READS,
    where={"kind": WITH_GROUPS},
)
def group_work_is_local(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Youth mediation and a guided dialogue take place in the municipality of the group.

    The nuisance, the residents and the group are in one place; a regional area hides where
    the work actually happens.
    """
    if i.kind in WITH_GROUPS and i.area.kind is not AreaKind.MUNICIPALITY:
        yield {
            "title": i.title,
            "kind_en": en(i.kind).capitalize(),
            "kind_nl": nl(i.kind).capitalize(),
            **kind_words(i.area.kind, "area"),
        }


@record_rule(
    "HC-INTERV-006",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="Veilige Publieke Taak work targets education staff",
    en="Veilige Publieke Taak work {title} targets {audience_en}, not education staff.",
    nl="Veilige Publieke Taak-werk {title} richt zich op {audience_nl}, niet op "
    "onderwijspersoneel.",
    reads=INTERVENTION_READS,
    where={"kind": SAFE_PUBLIC_TASK},
)
def safe_public_task_for_education_staff(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Veilige Publieke Taak work targets education staff.

    In the VPT project Halt answers the ministries of BZK and OCW with support against
    aggression and violence towards education staff; other audiences are other work.
    """
    if i.kind is InterventionKind.SAFE_PUBLIC_TASK:
        audience = i.target_group.audience
        if audience is not Audience.EDUCATION_STAFF:
            yield {"title": i.title, "audience_en": en(audience), "audience_nl": nl(audience)}
