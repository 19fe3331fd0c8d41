"""Rules about referrals: who may refer, the youth's age, the order of dates, the hours."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping

from halt_core.model import OffenceCategory, PartnerKind, Referral, ReferralStatus
from halt_core.rules._core import CheckContext, Severity, Subject, record_rule
from halt_core.rules._words import en, kind_words, nl

__all__ = ["RULES"]

# The kinds of record the referral rules look up (an incremental check follows
# them): its referrer.
_REFERRAL_READS = (Subject.PARTNER,)


@record_rule(
    "HC-REFERRAL-001",
    Severity.ERROR,
    Subject.REFERRAL,
    title="the referrer may refer",
    en="Referral of youth {youth} comes from {partner}, {kind_en}, which may not refer youths "
    "to Halt.",
    nl="Verwijzing van jongere {youth} komt van {partner}, {kind_nl}, {kind_which_nl} geen "
    "jongeren naar Halt {may_nl} verwijzen.",
    reads=_REFERRAL_READS,
)
def referrer_may_refer(r: Referral, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Only the police, BOA's and compulsory-education officers refer youths to Halt.

    BOA's are special investigating officers. The law (art. 77e Wetboek van Strafrecht) gives
    these three that power; a referral from anyone else is not a Halt settlement. A referral
    Halt *refused* is judged as what it is: refusing one from a school is right, not an
    error; one Halt accepted stays an error.
    """
    if r.status is ReferralStatus.REFUSED:
        return
    partner = context.partner(r.referrer)
    if partner is not None and not partner.kind.may_refer:
        yield {
            "youth": r.youth,
            "partner": partner.name,
            **kind_words(partner.kind, nl_verbs={"may_nl": ("mag", "mogen")}),
        }


@record_rule(
    "HC-REFERRAL-002",
    Severity.ERROR,
    Subject.REFERRAL,
    title="the referrer exists",
    en="Referral of youth {youth} comes from partner {partner_id}, which the network does not "
    "have.",
    nl="Verwijzing van jongere {youth} komt van partner {partner_id}, die het netwerk niet kent.",
    reads=_REFERRAL_READS,
)
def referrer_exists(r: Referral, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """The referrer is a partner in the network.

    The outcome of a settlement goes back to the referrer (and the OM); an unknown referrer
    cannot be told.
    """
    if context.partner(r.referrer) is None:
        yield {"youth": r.youth, "partner_id": r.referrer}


@record_rule(
    "HC-REFERRAL-003",
    Severity.ERROR,
    Subject.REFERRAL,
    title="the youth is of an age Halt handles",
    en="Youth {youth} was {age} at the offence; Halt handles youths of {low} to {high}.",
    nl="Jongere {youth} was {age} bij het feit; Halt is er voor jongeren van {low} tot en met "
    "{high}.",
    reads=_REFERRAL_READS,
)
def youth_of_halt_age(r: Referral, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """The youth is 12 to 17 on the day of the offence.

    The Halt settlement is for youths from 12 up to their 18th birthday; younger children
    are not criminally liable, adults go to the prosecutor. The range is in
    :class:`RuleSettings` (``halt_ages``). A referral Halt *refused* is judged as what it is:
    refusing an 11-year-old is right, not an error; accepting one stays an error.
    """
    if r.status is ReferralStatus.REFUSED:
        return
    ages = context.settings.halt_ages
    if r.age_at_offence not in ages:
        yield {"youth": r.youth, "age": r.age_at_offence, "low": ages.minimum, "high": ages.maximum}


@record_rule(
    "HC-REFERRAL-004",
    Severity.ERROR,
    Subject.REFERRAL,
    title="the referral's dates are in order",
    en="Referral of youth {youth}: {first_en} ({first}) comes after {second_en} ({second}).",
    nl="Verwijzing van jongere {youth}: {first_nl} ({first}) valt na {second_nl} ({second}).",
    reads=_REFERRAL_READS,
)
def referral_dates_ordered(r: Referral, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """The offence comes before the referral, and the referral before its outcome.

    Dates out of order are typing errors that break the figures on processing times.
    """
    steps = [
        ("the offence", "het feit", r.offence_date),
        ("the referral", "de verwijzing", r.referred_on),
    ]
    if r.outcome is not None:
        steps.append(("the decision", "de beslissing", r.outcome.decided_on))
    for (first_en, first_nl, first), (second_en, second_nl, second) in itertools.pairwise(steps):
        if first > second:
            yield {
                "youth": r.youth,
                "first_en": first_en,
                "first_nl": first_nl,
                "first": first.isoformat(),
                "second_en": second_en,
                "second_nl": second_nl,
                "second": second.isoformat(),
            }


@record_rule(
    "HC-REFERRAL-005",
    Severity.ERROR,
    Subject.REFERRAL,
    title="the referral's dates are not in the future",
    en="Referral of youth {youth}: {what_en} is dated {day}, after today ({today}).",
    nl="Verwijzing van jongere {youth}: {what_nl} is gedateerd {day}, na vandaag ({today}).",
    reads=_REFERRAL_READS,
)
def referral_dates_not_in_future(
    r: Referral, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """An offence, a referral and a decision have happened: none lies after today.

    A date in the future is a typing error (often the year).
    """
    today = context.today
    dates = [
        ("the offence", "het feit", r.offence_date),
        ("the referral", "de verwijzing", r.referred_on),
    ]
    if r.outcome is not None:
        dates.append(("the decision", "de beslissing", r.outcome.decided_on))
    for what_en, what_nl, day in dates:
        if day > today:
            yield {
                "youth": r.youth,
                "what_en": what_en,
                "what_nl": what_nl,
                "day": day.isoformat(),
                "today": today.isoformat(),
            }


@record_rule(
    "HC-REFERRAL-006",
    Severity.ERROR,
    Subject.REFERRAL,
    title="the referral's municipality exists",
    en="Referral of youth {youth} belongs to municipality {code}, which the {year} division does "
    "not know.",
    nl="Verwijzing van jongere {youth} hoort bij gemeente {code}, die de indeling van {year} "
    "niet kent.",
    reads=_REFERRAL_READS,
)
def referral_municipality_exists(
    r: Referral, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A referral belongs to a municipality of the current division.

    The municipality decides which Halt team, forum and case consultation handle it.
    """
    # The context makes each municipality's Area once, not once per referral.
    if context.codes(context.municipality(r.municipality)) is None:
        yield {"youth": r.youth, "code": r.municipality, "year": context.gazetteer.year}


@record_rule(
    "HC-REFERRAL-007",
    Severity.WARNING,
    Subject.REFERRAL,
    title="truancy goes through compulsory education",
    en="Referral of youth {youth} for {offence_en} comes from {partner}, {kind_en}; {expected_en}.",
    nl="Verwijzing van jongere {youth} voor {offence_nl} komt van {partner}, {kind_nl}; "
    "{expected_nl}.",
    reads=_REFERRAL_READS,
)
def truancy_through_compulsory_education(
    r: Referral, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Compulsory-education officers refer truancy, and truancy comes from them.

    Truancy (verzuim) is the compulsory-education officer's domain; the police and BOA's
    refer offences. A mismatch usually means the wrong referrer or category was picked. A
    referral Halt refused is left out: refusing it may well have been the answer.
    """
    if r.status is ReferralStatus.REFUSED:
        return
    partner = context.partner(r.referrer)
    if partner is None or not partner.kind.may_refer:
        return
    from_office = partner.kind is PartnerKind.COMPULSORY_EDUCATION_OFFICE
    truancy = r.offence is OffenceCategory.TRUANCY
    if from_office == truancy:
        return
    expected_en, expected_nl = (
        (
            "truancy is referred by compulsory-education officers",
            "schoolverzuim wordt door leerplichtambtenaren doorverwezen",
        )
        if truancy
        else (
            "compulsory-education officers refer truancy only",
            "leerplichtambtenaren verwijzen alleen schoolverzuim door",
        )
    )
    yield {
        "youth": r.youth,
        "offence_en": en(r.offence),
        "offence_nl": nl(r.offence),
        "partner": partner.name,
        **kind_words(partner.kind),
        "expected_en": expected_en,
        "expected_nl": expected_nl,
    }


@record_rule(
    "HC-REFERRAL-008",
    Severity.ERROR,
    Subject.REFERRAL,
    title="a settlement stays within the legal hours",
    en="The settlement of youth {youth} took {hours} hours; the law allows at most {most}.",
    nl="De Halt-afdoening van jongere {youth} duurde {hours} uur; de wet staat hoogstens {most} "
    "uur toe.",
    reads=_REFERRAL_READS,
)
def settlement_within_legal_hours(
    r: Referral, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A Halt settlement takes at most 20 hours.

    The maximum is set by law; more hours is a typing error or a settlement that is not a
    Halt settlement. The number is in :class:`RuleSettings` (``max_settlement_hours``).
    """
    most = context.settings.max_settlement_hours
    if r.outcome is not None and r.outcome.hours is not None and r.outcome.hours > most:
        yield {"youth": r.youth, "hours": r.outcome.hours, "most": most}


@record_rule(
    "HC-REFERRAL-009",
    Severity.ERROR,
    Subject.REFERRAL,
    title="the referrer had not ended",
    en="Referral of youth {youth} was received on {received} from {partner}, which had ended on "
    "{ended}.",
    nl="Verwijzing van jongere {youth} is op {received} ontvangen van {partner}, die op {ended} "
    "was geëindigd.",
    reads=_REFERRAL_READS,
)
def referrer_had_not_ended(r: Referral, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """A referral comes from a referrer that still existed on the day Halt received it.

    A police unit, BOA team or compulsory-education office that was merged or closed
    (:attr:`~halt_core.model.Partner.ended_on`) no longer refers; the outcome must go back
    to whoever took over its work, so the referral names that partner. A referral Halt
    refused is left out.
    """
    if r.status is ReferralStatus.REFUSED:
        return
    partner = context.partner(r.referrer)
    if partner is not None and partner.ended_on is not None and partner.ended_by(r.referred_on):
        yield {
            "youth": r.youth,
            "received": r.referred_on.isoformat(),
            "partner": partner.name,
            "ended": partner.ended_on.isoformat(),
        }


RULES = (
    referrer_may_refer,
    referrer_exists,
    youth_of_halt_age,
    referral_dates_ordered,
    referral_dates_not_in_future,
    referral_municipality_exists,
    truancy_through_compulsory_education,
    settlement_within_legal_hours,
    referrer_had_not_ended,
)
"""The built-in referral rules."""
