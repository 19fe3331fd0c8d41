"""The rules' messages read right, in English and in Dutch, whatever values fill them.

Every rule is made to speak (the demo plants what it can; hand-made networks the rest, with a
partner of every kind in each place a kind is named), and every message is checked for the
defects issue 17 found: wrong articles ("a police", "een Politie"), a relative pronoun that
does not agree ("gemeente GM9999, dat"), counts that do not agree ("1 partners"), garbled
Dutch, unfilled ``{placeholders}`` and doubled words ("Opdracht Opdracht").
"""

import datetime as dt
import re
from collections.abc import Iterator

import attrs
import pytest

from halt_core.demo import generate, plantable_rules
from halt_core.ids import ForumId, MeetingId
from halt_core.model import (
    Area,
    CaseOnAgenda,
    Collaboration,
    CollaborationKind,
    Forum,
    ForumKind,
    HaltRole,
    InterventionKind,
    Level,
    Meeting,
    Network,
    OffenceCategory,
    PartnerKind,
    Period,
    YouthPseudonym,
)
from halt_core.model.words import (
    Noun,
    dutch_count,
    dutch_noun,
    english_count,
    english_noun,
)
from halt_core.rules import Violation, default_rules
from tests.rules.test_gaps import (
    BASE,
    CITY,
    MERGED,
    NOW,
    SCHOOL,
    WITH_ENDS,
    _id,
    advice,
    at,
    collaboration,
    ended,
    forum,
    intervention,
    partner,
    referral,
    session,
)

RULES = default_rules()

# Each pattern is a defect once seen in a message (or its kind); the test names it when found.
BAD_PATTERNS = {
    "English 'a' before a vowel": re.compile(r"(?:^|[\s(])a [aeiouAEIOU]"),
    "English 'an' before a consonant": re.compile(
        r"(?:^|[\s(])an [b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]"
    ),
    "'a' before a plural or an institution": re.compile(
        r"\ba (police|special investigating|public prosecution|youth care|welfare)\b"
    ),
    "'een' before a capitalised kind": re.compile(
        r"\been (Politie|Buitengewoon|Gemeente|School|Jeugdzorg|Jeugdreclassering|Overig|"
        r"Leerplicht|Welzijn|Bedrijf|Openbaar|Raad|Ministerie)\b"
    ),
    "'een' before a plural": re.compile(r"\been [\w ]*ambtenaren\b"),
    "the Dutch word order of HC-REFERRAL-007": re.compile(r"verzuim verwijst leerplicht door"),
    "'dat' after a de-word area": re.compile(
        r"\b(gemeente|veiligheidsregio|groep gemeenten) [A-Z0-9, ]+, dat\b"
    ),
    "'die' after a het-word area": re.compile(r"\barrondissement [A-Za-z-]+, die\b"),
    "a singular verb after a plural kind": re.compile(
        r"ambtenaren \(boa's\), die [^.;]*\b(mag|geeft|hoort|had)\b"
    ),
    "an English count that does not agree": re.compile(
        r"\b1 (youths|times|partners|members)\b|\b(?:0|[2-9]|\d\d+) (youth|time|partner|member)\b"
    ),
    "a Dutch count that does not agree": re.compile(
        r"\b1 (jongeren|partners|leden)\b|\b(?:0|[2-9]|\d\d+) (jongere|lid)\b"
    ),
    "a '(s)' or '(n)' plural": re.compile(r"\w\((s|n|en)\)"),
    "an unfilled placeholder": re.compile(r"\{\w*\}"),
    "a doubled word": re.compile(r"\b([^\W\d_]{2,})\s+\1\b", re.IGNORECASE),
    "a doubled article": re.compile(r"\b(a|an|the|een|de|het) (a|an|the|een|de|het)\b"),
}


def defects(text: str) -> list[str]:
    return [name for name, pattern in BAD_PATTERNS.items() if pattern.search(text)]


@pytest.mark.parametrize(
    ("text", "defect"),
    [
        ("comes from X, a police, which", "'a' before a plural or an institution"),
        (
            "from X, a special investigating officers, which",
            "'a' before a plural or an institution",
        ),
        ("komt van X, een Politie, die", "'een' before a capitalised kind"),
        ("een Buitengewoon opsporingsambtenaren (BOA), die", "'een' before a capitalised kind"),
        ("verzuim verwijst leerplicht door", "the Dutch word order of HC-REFERRAL-007"),
        ("werkt in gemeente GM9999, dat de indeling", "'dat' after a de-word area"),
        ("lists 1 partners", "an English count that does not agree"),
        ("heeft 1 jongeren op de agenda", "a Dutch count that does not agree"),
        ("has 2 youth(s)", "a '(s)' or '(n)' plural"),
        ("Opdracht Opdracht Zaanstad heeft", "a doubled word"),
        ("Collaboration {name} lists", "an unfilled placeholder"),
        ("covers a arrondissement", "English 'a' before a vowel"),
    ],
)
def test_the_patterns_catch_the_defects_they_name(text, defect):
    assert defect in defects(text)


def _demo_violations() -> Iterator[Violation]:
    wanted = dict.fromkeys(plantable_rules(), 1)
    for seed in (1, 2):
        demo = generate(seed=seed, size=60, plant=wanted)
        yield from RULES.check(demo.network, now=demo.now)


def _every_kind_network() -> Network:
    """A network where every kind of partner, forum and area fills every kind-naming message."""
    kinds = list(PartnerKind)
    others = tuple(
        partner(600 + n, kind, area=Area.municipality("GM0363")) for n, kind in enumerate(kinds)
    )
    national = tuple(partner(700 + n, kind) for n, kind in enumerate(kinds))  # HC-PARTNER-003
    ids = [p.id for p in others]
    collaborations = [
        collaboration(10 + n, partners=(p.id,), commissioner=p.id)  # HC-COLLAB-005
        for n, p in enumerate(others)
    ]
    collaborations.append(
        collaboration(  # HC-COLLAB-006
            40, kind=CollaborationKind.CHAIN_COOPERATION, partners=tuple(ids), commissioner=None
        )
    )
    collaborations.append(collaboration(41, name="Opdracht Zaanstad", commissioner=None))
    collaborations += [
        collaboration(42 + n, area=area, level=area.level)
        for n, area in enumerate(
            [
                Area.municipality("GM9999"),
                Area.safety_region("VR99"),
                Area.municipalities(("GM9999", "GM0370")),
            ]
        )
    ]
    interventions = [
        intervention(10 + n, commissioner=p.id)
        for n, p in enumerate(others)  # HC-INTERV-014
    ]
    interventions += [advice(40 + n, commissioner=p.id) for n, p in enumerate(others)]
    interventions += [
        intervention(70 + n, kind=InterventionKind.INFORMATION_LESSON, school=p.id)
        for n, p in enumerate(others)
    ]
    interventions += [
        intervention(  # HC-INTERV-005 over every kind of area
            100 + n,
            kind=InterventionKind.YOUTH_MEDIATION,
            title=f"Jongerenbemiddeling {n}",
            area=area,
        )
        for n, area in enumerate(
            [Area.arrondissement("Amsterdam"), Area.safety_region("VR13"), Area.country()]
        )
    ]
    referrals = [referral(10 + n, referrer=p.id) for n, p in enumerate(others)]  # 001, 007
    referrals += [
        referral(40 + n, referrer=p.id, offence=OffenceCategory.TRUANCY)
        for n, p in enumerate(others)
    ]
    case_consultation = Forum(
        id=ForumId(_id(800)),
        name="JCO Amsterdam",
        kind=ForumKind.JCO,
        level=Level.REGIONAL,
        area=Area.arrondissement("Amsterdam"),
        members=tuple(ids),
        halt_role=HaltRole.CHAIR,  # HC-FORUM-003
        period=Period(start=dt.date(2020, 1, 1)),
    )
    forums = [case_consultation]
    forums += [  # HC-FORUM-001, -003, -007 over every kind of forum
        Forum(
            id=ForumId(_id(810 + n)),
            name=f"Overleg {n}",
            kind=kind,
            level=Level.NATIONAL if kind.profile.level is not Level.NATIONAL else Level.LOCAL,
            area=Area.country(),
            members=(CITY.id,),
            halt_role=HaltRole.INFORMATION_SUPPLIER,
            period=Period(start=dt.date(2020, 1, 1)),
        )
        for n, kind in enumerate(ForumKind)
    ]
    forums.append(forum(3, members=(CITY.id, CITY.id, CITY.id)))
    meetings = [
        Meeting(
            id=MeetingId(_id(900 + n)),
            forum=f.id,
            start=at(dt.date(2026, 6, 1), 10),
            end=at(dt.date(2026, 6, 1), 12),
            location="online",
            cases=tuple(
                CaseOnAgenda(youth=YouthPseudonym("Y-BGW7LDL3"), municipality="GM0363")
                for _ in range(1 + n % 2)
            ),
        )
        for n, f in enumerate(forums)
    ]
    partners = (*BASE, *others, *national)
    return Network(
        partners=partners,
        collaborations=tuple(collaborations),
        forums=tuple(forums),
        meetings=tuple(meetings),
        interventions=tuple(interventions),
        referrals=tuple(referrals),
    )


def _gaps_network() -> Network:
    """A network that makes each rule of issue 17 speak."""
    commission = collaboration(1)
    over = collaboration(2, period=Period(start=dt.date(2024, 1, 1), end=dt.date(2025, 1, 1)))
    open_ended = collaboration(
        3, status=over.status.ENDED, period=Period(start=dt.date(2024, 1, 1))
    )
    with_merged = collaboration(4, partners=(MERGED.id,), commissioner=MERGED.id)
    day = dt.date(2026, 10, 5)
    long = session(day, (10, 12), end_day=day + dt.timedelta(days=1))
    return Network(
        partners=WITH_ENDS,
        collaborations=(commission, over, open_ended, with_merged),
        forums=(
            forum(1, members=(MERGED.id, MERGED.id)),
            forum(2, area=Area.municipality("GM0370")),
        ),
        interventions=(
            intervention(1, collaboration=commission.id, commissioner=MERGED.id, sessions=(long,)),
            intervention(
                2, area=Area.safety_region("VR99"), school=ended(SCHOOL, dt.date(2026, 1, 1)).id
            ),
        ),
        referrals=(referral(1, referrer=MERGED.id, referred_on=dt.date(2026, 2, 1)),),
    )


def _all_violations() -> list[Violation]:
    found = list(_demo_violations())
    for network in (_every_kind_network(), _gaps_network()):
        found += RULES.check(network, now=NOW)
    return found


VIOLATIONS = _all_violations()


def test_every_rule_is_made_to_speak():
    assert {v.rule_id for v in VIOLATIONS} == set(RULES.ids())


@pytest.mark.parametrize("rule_id", RULES.ids())
def test_every_message_of_every_rule_reads_right_in_both_languages(rule_id):
    seen = set()
    for violation in VIOLATIONS:
        if violation.rule_id != rule_id:
            continue
        for text in (violation.message_en, violation.message_nl):
            if text in seen:
                continue
            seen.add(text)
            assert defects(text) == [], text
    assert seen


@pytest.mark.parametrize("kind", list(PartnerKind) + list(ForumKind), ids=str)
def test_every_kind_has_its_grammar_in_both_languages(kind):
    english, dutch = english_noun(kind), dutch_noun(kind)
    for noun in (english, dutch):
        assert isinstance(noun, Noun)
        assert defects(f"X is {noun.indefinite}, Y") == []
    assert dutch.relative in {"die", "dat"}
    # A common noun is written in lower case mid-sentence; names (Openbaar Ministerie,
    # Arrondissementaal Jeugd Beraad, Zorg- en Veiligheidshuis) keep their capitals.
    if kind in (PartnerKind.POLICE, PartnerKind.MUNICIPALITY, PartnerKind.SCHOOL, ForumKind.JCO):
        assert dutch.words[0].islower()


def test_articles_relative_pronouns_and_verbs_follow_gender_and_number():
    assert english_noun(PartnerKind.SCHOOL).indefinite == "a school"
    assert english_noun(PartnerKind.OTHER).indefinite == "an organisation of another kind"
    assert english_noun(PartnerKind.POLICE).indefinite == "the police"
    assert english_noun(PartnerKind.YOUTH_CARE).indefinite == "youth care"
    boa = dutch_noun(PartnerKind.SPECIAL_INVESTIGATING_OFFICERS)
    assert boa.indefinite == "buitengewoon opsporingsambtenaren (boa's)"
    assert (boa.relative, boa.verb("mag", "mogen")) == ("die", "mogen")
    assert dutch_noun(PartnerKind.PUBLIC_PROSECUTION).indefinite == "het Openbaar Ministerie (OM)"
    assert dutch_noun(PartnerKind.PUBLIC_PROSECUTION).relative == "dat"
    assert dutch_noun(PartnerKind.MUNICIPALITY).definite == "de gemeente"
    assert english_noun(PartnerKind.MUNICIPALITY).definite == "the municipality"
    assert english_count(1, "youth") == "1 youth"
    assert english_count(3, "youth") == "3 youths"
    assert dutch_count(1, "jongere", "jongeren") == "1 jongere"
    assert dutch_count(0, "jongere", "jongeren") == "0 jongeren"


def test_an_unknown_municipality_is_referred_to_with_die_and_an_arrondissement_with_dat():
    p = attrs.evolve(SCHOOL, area=Area.municipality("GM9999"))
    (v,) = RULES.check(Network(partners=(p,)), now=NOW).filter(rule_id="HC-PARTNER-002")
    assert "gemeente GM9999, die de gemeentelijke indeling" in v.message_nl


def test_a_name_that_starts_with_the_word_before_it_is_not_doubled():
    c = Collaboration(
        **{
            **attrs.asdict(collaboration(1), recurse=False),
            "name": "Opdracht Zaanstad",
            "commissioner": None,
        }
    )
    (v,) = RULES.check(Network(partners=BASE, collaborations=(c,)), now=NOW).filter(
        rule_id="HC-COLLAB-004"
    )
    assert v.message_nl.startswith("Opdracht Zaanstad heeft geen opdrachtgever")
    assert v.message_en.startswith("Commission Opdracht Zaanstad has no commissioner")


def test_the_words_modules_examples_run():
    import doctest

    from halt_core.model import words

    result = doctest.testmod(words)
    assert result.failed == 0
    assert result.attempted >= 3
