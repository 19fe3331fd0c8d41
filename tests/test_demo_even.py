"""Named demo sizes, the even spread over the arrondissementen, and progress while generating."""

import collections
import functools
import inspect

import pytest

from halt_core import InvalidValue
from halt_core.demo import SIZES, SPREADS, Demo, Spread, generate
from halt_core.model import Area, AreaKind, Arrondissement, Gazetteer, Network
from halt_core.rules import default_rules

EVEN_SIZE = 2000
TOLERANCE = 0.05  # "within a few percent" of an eleventh


@functools.cache
def _demo(seed: int, size: int, spread: Spread) -> Demo:
    return generate(seed=seed, size=size, spread=spread)


def _arrondissement(g: Gazetteer, area: Area) -> Arrondissement | None:
    """The one arrondissement ``area`` lies in; None for the country."""
    if area.kind is AreaKind.COUNTRY:
        return None
    (found,) = g.arrondissements_of(area)
    return found


def _shares(network: Network) -> dict[str, collections.Counter[Arrondissement]]:
    """The local and regional records of each kind, counted per arrondissement."""
    g = Gazetteer.load()
    forums = {f.id: _arrondissement(g, f.area) for f in network.forums}
    found: dict[str, list[Arrondissement | None]] = {
        "partners": [_arrondissement(g, p.area) for p in network.partners],
        "forums": list(forums.values()),
        "meetings": [forums[m.forum] for m in network.meetings],
        "collaborations": [_arrondissement(g, c.area) for c in network.collaborations],
        "interventions": [_arrondissement(g, i.area) for i in network.interventions],
        "referrals": [g.arrondissement_of(r.municipality) for r in network.referrals],
    }
    return {
        kind: collections.Counter(a for a in places if a is not None)
        for kind, places in found.items()
    }


# -- named sizes ------------------------------------------------------------------------------


def test_the_named_sizes_are_small_region_and_national():
    assert dict(SIZES) == {"small": 200, "region": 5_500, "national": 55_000}
    # small is the size a demo has when none is asked for
    assert inspect.signature(generate).parameters["size"].default == SIZES["small"]
    with pytest.raises(TypeError):
        SIZES["huge"] = 1  # type: ignore[index]  # a shared table nobody may change


def test_a_named_size_makes_about_18_records_per_unit_of_size():
    counts = generate(seed=2024, size=SIZES["small"]).network.counts()
    assert counts["partners"] == 200
    assert 3_500 < sum(counts.values()) < 4_000  # SIZES says about 3,800


# -- the even spread --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2])
def test_the_even_spread_gives_every_arrondissement_an_eleventh_of_each_kind(seed):
    for kind, per in _shares(_demo(seed, EVEN_SIZE, "even").network).items():
        assert set(per) == set(Arrondissement), kind
        mean = sum(per.values()) / len(Arrondissement)
        worst = max(per.values(), key=lambda n: abs(n - mean))
        assert abs(worst - mean) <= TOLERANCE * mean, (kind, per)


def test_the_spread_by_people_is_not_even_and_stays_the_default():
    assert generate(seed=5, size=60) == generate(seed=5, size=60, spread="people")
    network = _demo(1, EVEN_SIZE, "people").network
    interventions = _shares(network)["interventions"]
    # Gelderland has about twice the people of Amsterdam, and so about twice the work
    assert interventions[Arrondissement.GELDERLAND] > 1.5 * interventions[Arrondissement.AMSTERDAM]


def test_the_even_spread_keeps_the_counts_and_is_clean():
    even = _demo(1, EVEN_SIZE, "even")
    people = _demo(1, EVEN_SIZE, "people").network.counts()
    counts = even.network.counts()
    for kind in ("partners", "meetings", "interventions", "referrals"):
        assert counts[kind] == people[kind], kind
    assert counts["forums"] == pytest.approx(people["forums"], rel=0.05)
    assert 0 < counts["collaborations"] <= people["collaborations"]
    assert default_rules().check(even.network, now=even.now).counts() == {}


@pytest.mark.parametrize("size", [40, 200])
def test_small_even_demos_are_clean_and_cover_every_arrondissement(size):
    demo = generate(seed=3, size=size, spread="even")
    assert demo == generate(seed=3, size=size, spread="even")
    assert default_rules().check(demo.network, now=demo.now).counts() == {}
    for kind, per in _shares(demo.network).items():
        assert set(per) == set(Arrondissement), kind
    # every status of a network, as in the default demo
    assert len({c.status for c in demo.network.collaborations if c.kind.name == "NETWORK"}) == 3


def test_an_unknown_spread_is_refused_with_the_known_ones():
    assert SPREADS == ("people", "even")
    with pytest.raises(InvalidValue, match="expected one of people, even"):
        generate(seed=1, size=40, spread="flat")  # type: ignore[arg-type]


# -- progress ---------------------------------------------------------------------------------


def test_progress_is_told_each_kind_up_to_its_count():
    told: list[tuple[str, int, int]] = []
    network = generate(seed=1, size=300, progress=lambda *step: told.append(step)).network
    kinds = list(dict.fromkeys(kind for kind, _, _ in told))
    assert kinds == [
        "partners",
        "forums",
        "meetings",
        "collaborations",
        "interventions",
        "referrals",
    ]
    counts = network.counts()
    for kind in kinds:
        steps = [(done, total) for k, done, total in told if k == kind]
        assert steps[-1] == (counts[kind], counts[kind]), kind
        assert [done for done, _ in steps] == sorted(done for done, _ in steps), kind
    # every 1,000 records in between: a bar that moves, without a call per record
    assert [done for k, done, _ in told if k == "interventions"] == [1000, 2000, 3000]
