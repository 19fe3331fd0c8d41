"""The network snapshot: lookups by id, kind, status and area."""

import datetime as dt

import attrs
import pytest
from hypothesis import given

from halt_core import InvalidValue, NotFound
from halt_core.ids import ForumId, InterventionId, PartnerId, ReferralId, new_id
from halt_core.model import (
    Area,
    Arrondissement,
    CollaborationKind,
    CollaborationStatus,
    ForumKind,
    InterventionStatus,
    Level,
    Network,
    PartnerKind,
    Period,
)
from halt_core.testing import strategies as hs


@given(hs.networks())
def test_every_record_is_found_by_its_id(network):
    for p in network.partners:
        assert network.partner(p.id) is p
    for c in network.collaborations:
        assert network.collaboration(c.id) is c
    for f in network.forums:
        assert network.forum(f.id) is f
    for m in network.meetings:
        assert network.meeting(m.id) is m
        assert m in network.meetings_of(m.forum)
    for i in network.interventions:
        assert network.intervention(i.id) is i
    for r in network.referrals:
        assert network.referral(r.id) is r
    assert len(network) == sum(network.counts().values())


@pytest.mark.parametrize(
    ("lookup", "id_type"),
    [
        ("partner", PartnerId),
        ("forum", ForumId),
        ("intervention", InterventionId),
        ("referral", ReferralId),
    ],
)
def test_an_unknown_id_is_not_found(lookup, id_type):
    missing = new_id(id_type)
    with pytest.raises(NotFound, match=str(missing)):
        getattr(Network.empty(), lookup)(missing)


@given(hs.networks())
def test_selections_match_a_plain_filter(network):
    for kind in PartnerKind:
        assert network.find_partners(kind=kind) == tuple(
            p for p in network.partners if p.kind is kind
        )
    for status in CollaborationStatus:
        assert network.find_collaborations(status=status) == tuple(
            c for c in network.collaborations if c.status is status
        )
    for collaboration_kind in CollaborationKind:
        assert network.find_collaborations(kind=collaboration_kind) == tuple(
            c for c in network.collaborations if c.kind is collaboration_kind
        )
    for forum_kind in ForumKind:
        assert network.find_forums(kind=forum_kind) == tuple(
            f for f in network.forums if f.kind is forum_kind
        )
    for istatus in InterventionStatus:
        assert network.find_interventions(status=istatus) == tuple(
            i for i in network.interventions if i.status is istatus
        )
    assert network.find_partners() == network.partners
    assert network.find_meetings() == network.meetings


@given(hs.networks(), hs.areas())
def test_area_selections_hold_exactly_the_records_inside(network, area):
    from halt_core.model import Gazetteer

    g = Gazetteer.load()
    assert network.find_partners(area=area) == tuple(
        p for p in network.partners if g.contains(area, p.area)
    )
    assert network.find_interventions(area=area) == tuple(
        i for i in network.interventions if g.contains(area, i.area)
    )
    assert network.find_referrals(area=area) == tuple(
        r for r in network.referrals if g.contains(area, Area.municipality(r.municipality))
    )


@given(hs.partners(), hs.partners())
def test_with_records_adds_and_replaces(first, second):
    network = Network.empty().with_records([first])
    renamed = attrs.evolve(first, name="Renamed")
    grown = network.with_records([renamed, second])
    assert grown.partner(first.id).name == "Renamed"
    assert network.partner(first.id) is first  # the old snapshot is unchanged
    assert grown.partners[0].id == first.id


def test_with_records_refuses_what_a_network_does_not_hold():
    with pytest.raises(InvalidValue, match="expected one of Partner"):
        Network.empty().with_records([Period(start=dt.date(2025, 1, 1))])  # type: ignore[list-item]


def test_selecting_by_an_unknown_area_is_an_error():
    with pytest.raises(NotFound):
        Network.empty().find_partners(area=Area.municipality("GM9999"))


@given(hs.collaborations(), hs.dates())
def test_collaborations_on_a_day(collaboration, day):
    network = Network(collaborations=(collaboration,))
    found = network.find_collaborations(on=day)
    assert (collaboration in found) == collaboration.period.contains(day)
    found = network.find_collaborations(partner=collaboration.commissioner or new_id(PartnerId))
    assert (collaboration in found) == (collaboration.commissioner is not None)


def test_regional_selection_includes_local_partners_inside_it():
    from halt_core.model import Partner

    local = Partner(
        id=new_id(PartnerId),
        name="Gemeente Amsterdam",
        kind=PartnerKind.MUNICIPALITY,
        level=Level.LOCAL,
        area=Area.municipality("GM0363"),
    )
    national = Partner(
        id=new_id(PartnerId),
        name="JenV",
        kind=PartnerKind.MINISTRY_OF_JUSTICE_AND_SECURITY,
        level=Level.NATIONAL,
        area=Area.country(),
    )
    elsewhere = Partner(
        id=new_id(PartnerId),
        name="Gemeente Groningen",
        kind=PartnerKind.MUNICIPALITY,
        level=Level.LOCAL,
        area=Area.municipality("GM0014"),
    )
    network = Network(partners=(local, national, elsewhere))
    assert network.find_partners(area=Area.arrondissement(Arrondissement.AMSTERDAM)) == (local,)
    assert network.find_partners(area=Area.country()) == (local, national, elsewhere)
    assert network.find_partners(kind=PartnerKind.MUNICIPALITY, level=Level.LOCAL) == (
        local,
        elsewhere,
    )
