"""Every rule of construction: a valid value builds, and each impossible one is refused.

Each row breaks one rule of one class and expects :class:`InvalidValue` naming that class,
that field and that value.
"""

import datetime as dt
import uuid
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core import HaltError, InvalidValue
from halt_core.ids import PartnerId, new_id, stable_id
from halt_core.model import (
    AMSTERDAM,
    AgendaItem,
    AgeRange,
    Agreement,
    Area,
    AreaKind,
    Arrondissement,
    Audience,
    Cadence,
    CaseOnAgenda,
    Collaboration,
    CollaborationKind,
    ContactPoint,
    Evaluation,
    Forum,
    ForumKind,
    Frequency,
    HaltRole,
    Intervention,
    InterventionKind,
    Level,
    Meeting,
    Municipality,
    Network,
    OffenceCategory,
    Outcome,
    OutcomeResult,
    Partner,
    PartnerKind,
    Period,
    Referral,
    ReferralStatus,
    SafetyRegion,
    Session,
    TargetGroup,
    WorkDomain,
)
from halt_core.testing import strategies as hs

T0 = dt.datetime(2025, 3, 1, 10, 0, tzinfo=AMSTERDAM)
T1 = T0 + dt.timedelta(hours=1)
DAY = dt.date(2025, 3, 1)
ID = uuid.UUID(int=7)
REGION = SafetyRegion(
    code="VR13", name="Amsterdam-Amstelland", arrondissement=Arrondissement.AMSTERDAM
)

VALID: dict[type, dict[str, Any]] = {
    SafetyRegion: {
        "code": "VR13",
        "name": "Amsterdam-Amstelland",
        "arrondissement": Arrondissement.AMSTERDAM,
    },
    Municipality: {
        "code": "GM0363",
        "name": "Amsterdam",
        "safety_region": REGION,
        "arrondissement": Arrondissement.AMSTERDAM,
    },
    Area: {"kind": AreaKind.MUNICIPALITY, "codes": ("GM0363",)},
    ContactPoint: {"role": "meldpunt jeugd", "email": "jeugd@example.nl"},
    Partner: {
        "id": ID,
        "name": "Politie",
        "kind": PartnerKind.POLICE,
        "level": Level.LOCAL,
        "area": Area.municipality("GM0363"),
    },
    Period: {"start": DAY, "end": DAY},
    Agreement: {"text": "20 lessen per jaar"},
    Collaboration: {
        "id": ID,
        "name": "Aanpak overlast",
        "kind": CollaborationKind.NETWORK,
        "domain": WorkDomain.BOTH,
        "level": Level.LOCAL,
        "area": Area.municipality("GM0363"),
        "period": Period(start=DAY),
    },
    Cadence: {"frequency": Frequency.MONTHLY, "interval": 2},
    Forum: {
        "id": ID,
        "name": "JCO",
        "kind": ForumKind.JCO,
        "level": Level.REGIONAL,
        "area": Area.safety_region("VR13"),
        "halt_role": HaltRole.INFORMATION_SUPPLIER,
        "period": Period(start=DAY),
    },
    AgendaItem: {"title": "Cijfers"},
    CaseOnAgenda: {"youth": "Y-7F3K9Q2M", "municipality": "GM0363"},
    Meeting: {"id": ID, "forum": ID, "start": T0, "end": T1, "location": "online"},
    AgeRange: {"minimum": 10, "maximum": 12},
    TargetGroup: {"audience": Audience.PUPILS, "description": "groep 8", "size": 25},
    Session: {"start": T0, "end": T1, "location": "lokaal 12", "trainer": "tr.jansen"},
    Evaluation: {"evaluated_on": DAY, "summary": "goed ontvangen", "reached": 25},
    Intervention: {
        "id": ID,
        "kind": InterventionKind.INFORMATION_LESSON,
        "title": "Les",
        "target_group": TargetGroup(audience=Audience.PUPILS, description="groep 8"),
        "area": Area.municipality("GM0363"),
        "requested_on": DAY,
    },
    Outcome: {"result": OutcomeResult.POSITIVE, "decided_on": DAY, "hours": 8},
    Referral: {
        "id": ID,
        "referrer": ID,
        "youth": "Y-7F3K9Q2M",
        "age_at_offence": 14,
        "offence": OffenceCategory.SHOPLIFTING,
        "offence_date": DAY,
        "referred_on": DAY,
        "municipality": "GM0363",
    },
}

NAIVE = dt.datetime(2025, 3, 1, 10, 0)
TOO_LONG = "x" * 201

BROKEN = [
    (SafetyRegion, "code", "VR1"),
    (SafetyRegion, "code", "vr13"),
    (SafetyRegion, "code", "VR\u0661\u0663"),
    (SafetyRegion, "name", ""),
    (Municipality, "code", "GM363"),
    (Municipality, "code", "0363"),
    (Municipality, "code", "GM\u0660\u0663\u0666\u0663"),
    (Municipality, "name", "  "),
    (Municipality, "arrondissement", Arrondissement.ROTTERDAM),
    (Area, "codes", ()),
    (Area, "codes", ("GM\u0660\u0663\u0666\u0663",)),  # Arabic-Indic digits are not CBS digits
    (Area, "codes", ("GM0363", "GM0014")),
    (Area, "codes", ("Amsterdam",)),
    (ContactPoint, "role", ""),
    (ContactPoint, "name", ""),
    (ContactPoint, "email", "jeugd at example.nl"),
    (ContactPoint, "phone", "call me"),
    (Partner, "name", ""),
    (Partner, "name", TOO_LONG),
    (Partner, "notes", "x" * 2001),
    (Period, "end", DAY - dt.timedelta(days=1)),
    (Agreement, "text", "\n"),
    (Collaboration, "name", " "),
    (Cadence, "interval", 0),
    (Cadence, "interval", 13),
    (Forum, "name", ""),
    (AgendaItem, "title", ""),
    (CaseOnAgenda, "youth", "Jan Jansen"),
    (CaseOnAgenda, "youth", "Y1"),
    (CaseOnAgenda, "municipality", "Amsterdam"),
    (Meeting, "start", NAIVE),
    (Meeting, "end", NAIVE),
    (Meeting, "end", T0),
    (Meeting, "location", ""),
    (AgeRange, "minimum", -1),
    (AgeRange, "maximum", 121),
    (AgeRange, "maximum", 9),
    (AgeRange, "minimum", True),
    (TargetGroup, "description", ""),
    (TargetGroup, "size", 0),
    (Session, "start", NAIVE),
    (Session, "end", T0 - dt.timedelta(minutes=1)),
    (Session, "location", ""),
    (Session, "trainer", "Tr. Jansen"),
    (Evaluation, "summary", ""),
    (Evaluation, "reached", -1),
    (Intervention, "title", TOO_LONG),
    (Outcome, "hours", -1),
    (Referral, "youth", "Anna de Vries"),
    (Referral, "age_at_offence", 31),
    (Referral, "municipality", "GM36"),
    (Referral, "outcome", Outcome(result=OutcomeResult.POSITIVE, decided_on=DAY)),
]


@pytest.mark.parametrize("cls", list(VALID), ids=lambda c: c.__name__)
def test_the_valid_example_builds(cls):
    value = cls(**VALID[cls])
    assert attrs.has(type(value))


@pytest.mark.parametrize(
    ("cls", "field", "bad"), BROKEN, ids=[f"{c.__name__}.{f}={b!r:.20}" for c, f, b in BROKEN]
)
def test_an_impossible_value_is_refused_naming_the_field(cls, field, bad):
    with pytest.raises(InvalidValue) as info:
        cls(**{**VALID[cls], field: bad})
    error = info.value
    assert (error.owner, error.field) == (cls.__name__, field)
    if error.withheld:  # personal data: described, never shown
        assert str(bad) not in str(error)
        assert error.value != bad
    else:
        assert error.value == bad or field == "codes"
    assert f"{cls.__name__}.{field}" in str(error)
    assert error.allowed  # says what is allowed


def test_every_class_with_a_validator_has_a_broken_row():
    checked = {cls for cls, _, _ in BROKEN}
    with_checks = {
        cls
        for cls in VALID
        if any(f.validator is not None for f in attrs.fields(cls))
        or "__attrs_post_init__" in cls.__dict__
    }
    assert with_checks <= checked


def test_a_contact_point_needs_a_way_to_reach_it():
    with pytest.raises(InvalidValue, match="e-mail address or a phone number"):
        ContactPoint(role="balie")
    assert ContactPoint(role="balie", phone="+31 20 123 4567").phone


def test_a_completed_referral_needs_a_positive_outcome():
    base = VALID[Referral]
    with pytest.raises(InvalidValue, match="positive"):
        Referral(**base, status=ReferralStatus.COMPLETED)
    negative = Outcome(result=OutcomeResult.NEGATIVE, decided_on=DAY)
    with pytest.raises(InvalidValue, match="positive"):
        Referral(**base, status=ReferralStatus.COMPLETED, outcome=negative)
    assert Referral(**base, status=ReferralStatus.RETURNED, outcome=negative).outcome == negative


@pytest.mark.parametrize("kind", list(AreaKind))
def test_each_area_kind_checks_its_codes(kind):
    wrong = {
        AreaKind.COUNTRY: ("GM0363",),
        AreaKind.MUNICIPALITY: ("VR13",),
        AreaKind.MUNICIPALITIES: ("GM0363", "GM0363"),
        AreaKind.SAFETY_REGION: ("GM0363",),
        AreaKind.ARRONDISSEMENT: ("Utrecht",),
    }[kind]
    with pytest.raises(InvalidValue, match=kind.value):
        Area(kind=kind, codes=wrong)


def test_named_area_constructors_give_the_right_kind_and_level():
    assert Area.municipality("GM0363").level is Level.LOCAL
    assert Area.municipalities(["GM0014", "GM0363"]).level is Level.REGIONAL
    assert Area.safety_region("VR13").level is Level.REGIONAL
    assert Area.arrondissement(Arrondissement.AMSTERDAM).level is Level.REGIONAL
    assert Area.country().level is Level.NATIONAL


@given(st.frozensets(hs.municipality_codes(), min_size=1, max_size=8))
def test_a_working_area_is_the_same_whatever_the_order(codes):
    ordered = sorted(codes)
    assert Area.municipalities(ordered) == Area.municipalities(list(reversed(ordered)))


@given(st.integers(), st.integers())
def test_age_ranges_accept_exactly_ordered_ages_from_0_to_120(low, high):
    if 0 <= low <= high <= 120:
        assert low in AgeRange(minimum=low, maximum=high)
    else:
        with pytest.raises(InvalidValue):
            AgeRange(minimum=low, maximum=high)


@given(hs.moments(), st.integers(-600, 600))
def test_a_session_needs_an_end_after_its_start_and_lives_in_amsterdam(start, minutes):
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)
    if minutes <= 0:
        with pytest.raises(InvalidValue, match="after the start"):
            Session(start=start, end=end, location="school")
        return
    session = Session(start=start, end=end, location="school")
    assert session.start.astimezone(dt.UTC) == start.astimezone(dt.UTC)
    assert session.end.astimezone(dt.UTC) == end.astimezone(dt.UTC)
    assert session.start.tzinfo is AMSTERDAM
    assert session.end.tzinfo is AMSTERDAM


@given(hs.dates(), hs.dates())
def test_a_period_is_ordered(first, second):
    if second < first:
        with pytest.raises(InvalidValue):
            Period(start=first, end=second)
    else:
        period = Period(start=first, end=second)
        assert period.contains(first)
        assert period.contains(second)
        assert period.covers(period)


@given(hs.periods(), hs.periods())
def test_period_overlap_is_symmetric_and_consistent_with_days(a, b):
    assert a.overlaps(b) == b.overlaps(a)
    if a.covers(b):
        assert a.overlaps(b)


@given(hs.interventions())
def test_evolve_runs_the_validators_again(intervention):
    with pytest.raises(InvalidValue):
        attrs.evolve(intervention, title="")


@given(hs.partners())
def test_values_are_immutable(partner):
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        partner.name = "other"


def test_a_network_refuses_two_records_with_one_id():
    partner = Partner(**VALID[Partner])
    with pytest.raises(InvalidValue, match="repeated"):
        Network(partners=(partner, attrs.evolve(partner, name="Other")))


def test_ids_are_typed_uuids_and_stable_ids_are_stable():
    fresh = new_id(PartnerId)
    assert isinstance(fresh, uuid.UUID)
    assert fresh != new_id(PartnerId)
    assert stable_id(PartnerId, "politie", "GM0363") == stable_id(PartnerId, "politie", "GM0363")
    assert stable_id(PartnerId, "a") != stable_id(PartnerId, "b")
    with pytest.raises(HaltError, match="at least one part"):
        stable_id(PartnerId)


def test_a_wall_time_in_the_dst_gap_is_refused_not_moved():
    # More in tests/model/test_daylight_saving.py.
    gap = dt.datetime(2025, 3, 30, 2, 30, tzinfo=AMSTERDAM)  # clocks jump from 02:00 to 03:00
    with pytest.raises(InvalidValue, match="does not exist in the Netherlands"):
        Session(start=gap, end=gap + dt.timedelta(hours=2), location="school")


def test_order_in_the_autumn_fold_is_by_instant():
    first = dt.datetime(2025, 10, 26, 2, 30, fold=0, tzinfo=AMSTERDAM)  # 00:30 UTC
    second = dt.datetime(2025, 10, 26, 2, 15, fold=1, tzinfo=AMSTERDAM)  # 01:15 UTC
    session = Session(start=first, end=second, location="school")
    assert session.end.astimezone(dt.UTC) - session.start.astimezone(dt.UTC) == dt.timedelta(
        minutes=45
    )


def test_a_wall_time_in_the_autumn_fold_keeps_its_instant():
    second = dt.datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=AMSTERDAM)  # the second 02:30
    session = Session(start=second, end=second + dt.timedelta(minutes=30), location="school")
    assert session.start.utcoffset() == dt.timedelta(hours=1)
    assert session.start.astimezone(dt.UTC) == second.astimezone(dt.UTC)
