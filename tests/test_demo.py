"""The demo generator: deterministic, plausible, complete, and strict about what it plants."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from halt_core import InvalidValue, NotFound, from_json, to_json
from halt_core.demo import MINIMUM_SIZE, generate, plantable_rules
from halt_core.model import (
    AreaKind,
    ForumKind,
    Gazetteer,
    InterventionKind,
    InterventionStatus,
    Level,
    Network,
    ReferralStatus,
)


@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_the_same_seed_gives_the_same_network(seed):
    assert generate(seed=seed, size=40) == generate(seed=seed, size=40)


def test_different_seeds_give_different_networks():
    assert generate(seed=1, size=40).network != generate(seed=2, size=40).network


@pytest.mark.parametrize("size", [40, 200, 600])
def test_sizes_scale_the_records(size):
    counts = generate(seed=1, size=size).network.counts()
    # 116: what all 11 arrondissementen need at the least (see generate's docstring)
    assert counts["partners"] == max(size, 116)
    assert counts["interventions"] == 10 * size
    assert counts["referrals"] == 2 * size
    assert counts["meetings"] >= 5 * size
    assert counts["forums"] >= size // 5


def test_a_demo_has_every_kind_of_record():
    network = generate(seed=4, size=200).network
    assert {f.kind for f in network.forums} == set(ForumKind)
    assert {i.kind for i in network.interventions} == set(InterventionKind)
    assert {i.status for i in network.interventions} == set(InterventionStatus)
    assert {r.status for r in network.referrals} == set(ReferralStatus)
    assert {p.level for p in network.partners} == set(Level)
    assert any(m.cases for m in network.meetings)


def test_a_large_demo_spreads_over_every_arrondissement():
    network = generate(seed=4, size=600).network
    g = Gazetteer.load()
    arrondissements = {
        g.arrondissement_of(p.area.codes[0])
        for p in network.partners
        if p.area.kind is AreaKind.MUNICIPALITY
    }
    assert len(arrondissements) == 11


def test_small_sizes_are_raised_to_the_minimum():
    assert generate(seed=1, size=1).network == generate(seed=1, size=MINIMUM_SIZE).network


def test_a_demo_survives_json():
    network = generate(seed=8, size=40).network
    assert from_json(to_json(network), Network) == network


def test_planting_by_ids_plants_one_each():
    demo = generate(seed=2, size=40, plant=["HC-FORUM-001", "HC-COLLAB-004"])
    assert {k: len(v) for k, v in demo.planted.items()} == {"HC-FORUM-001": 1, "HC-COLLAB-004": 1}


def test_bad_requests_are_clear_errors():
    with pytest.raises(NotFound, match="plantable"):
        generate(plant={"HC-NOPE-001": 1})
    with pytest.raises(InvalidValue, match="whole numbers"):
        generate(plant={plantable_rules()[0]: -1})
    with pytest.raises(InvalidValue, match="1 or more"):
        generate(size=0)


def test_the_past_is_relative_to_as_of():
    demo = generate(seed=3, size=40, as_of=dt.date(2030, 3, 1))
    assert demo.now.date() == dt.date(2030, 3, 1)
    delivered = [i for i in demo.network.interventions if i.status is InterventionStatus.DELIVERED]
    assert delivered
    assert all(s.end < demo.now for i in delivered for s in i.sessions)
