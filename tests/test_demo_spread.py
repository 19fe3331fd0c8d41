"""The demo covers the whole country at every size, where people live, in Dutch that exists."""

import collections
import datetime as dt
import functools
import itertools
import re

import pytest

from halt_core.demo import generate
from halt_core.model import AreaKind, Arrondissement, Gazetteer, Network
from halt_core.model.gazetteer import INHABITANTS_AS_OF, INHABITANTS_SOURCE

SIZES = (40, 60, 200, 1000)
SEEDS = (1, 2, 3)


@functools.cache
def _network(seed: int, size: int) -> Network:
    return generate(seed=seed, size=size).network


def _population(gazetteer: Gazetteer, arrondissement: Arrondissement) -> int:
    return sum(
        gazetteer.inhabitants(m.code) or 0 for m in gazetteer.municipalities_in(arrondissement)
    )


def _work(network: Network, gazetteer: Gazetteer) -> collections.Counter[Arrondissement]:
    """Interventions and referrals per arrondissement."""
    work: collections.Counter[Arrondissement] = collections.Counter()
    for i in network.interventions:
        work[gazetteer.arrondissement_of(i.area.codes[0])] += 1
    for r in network.referrals:
        work[gazetteer.arrondissement_of(r.municipality)] += 1
    return work


def _texts(network: Network) -> list[str]:
    """Every name, title and description a person reads in the demo."""
    texts = [p.name for p in network.partners]
    texts += [f.name for f in network.forums]
    texts += [c.name for c in network.collaborations]
    texts += [m.location for m in network.meetings if m.location]
    texts += [a.title for m in network.meetings for a in m.agenda]
    for i in network.interventions:
        texts += [i.title, i.target_group.description]
        texts += [s.location for s in i.sessions if s.location]
    return texts


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("seed", SEEDS)
def test_every_arrondissement_has_partners_and_work(seed, size):
    network = _network(seed, size)
    g = Gazetteer.load()
    local = {
        g.arrondissement_of(p.area.codes[0])
        for p in network.partners
        if p.area.kind is AreaKind.MUNICIPALITY
    }
    assert local == set(Arrondissement)
    assert set(_work(network, g)) == set(Arrondissement)
    regional = {p.area.codes[0] for p in network.partners if p.area.kind is AreaKind.ARRONDISSEMENT}
    assert regional == {a.value for a in Arrondissement}


@pytest.mark.parametrize("size", SIZES)
def test_more_inhabitants_more_work(size):
    g = Gazetteer.load()
    by_population = sorted(Arrondissement, key=lambda a: _population(g, a))
    smallest, largest = by_population[0], by_population[-1]
    work: collections.Counter[Arrondissement] = collections.Counter()
    for seed in SEEDS:
        work.update(_work(_network(seed, size), g))
    # Gelderland has about 1.9 times the inhabitants of Amsterdam; its work follows
    assert work[largest] > 1.3 * work[smallest], (largest, smallest, work)
    # and the three most populous together outwork the three least
    assert sum(work[a] for a in by_population[-3:]) > sum(work[a] for a in by_population[:3])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("seed", SEEDS)
def test_only_groups_and_classes_that_dutch_schools_have(seed, size):
    texts = _texts(_network(seed, size))
    numbers = {
        "groep": (1, 8),  # primary school
        "klas": (1, 6),  # secondary school
        "leerjaar": (1, 4),  # mbo
    }
    for text in texts:
        for word, (low, high) in numbers.items():
            for found in re.findall(rf"\b{word} (\d+)", text):
                assert low <= int(found) <= high, text
            for found in re.findall(rf"\b{word} \d+ en (\d+)", text):
                assert low <= int(found) <= high, text


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("seed", SEEDS)
def test_no_doubled_words_in_names(seed, size):
    for text in _texts(_network(seed, size)):
        words = re.findall(r"[\w'-]+", text.casefold())
        doubled = [a for a, b in itertools.pairwise(words) if a == b]
        assert not doubled, text


def test_lessons_fit_their_school():
    network = _network(1, 1000)
    schools = {p.id: p.name for p in network.partners}
    for i in network.interventions:
        if i.school is None or i.target_group.age_range is None:
            continue
        who, school = i.target_group.description, schools[i.school]
        if who.startswith("groep"):
            assert school.startswith(("OBS", "CBS", "KBS", "Montessorischool")), (who, school)
        elif who.startswith("mbo"):
            assert school.startswith(("ROC", "Vakschool", "MBO College")), (who, school)
        else:
            assert who.startswith(("brugklas", "klas")), who
            assert not school.startswith(("OBS", "CBS", "KBS", "ROC")), (who, school)


def test_partners_have_unique_names_within_a_municipality():
    network = _network(2, 1000)
    seen = collections.Counter(
        (p.area.codes[0], p.name) for p in network.partners if p.area.kind is AreaKind.MUNICIPALITY
    )
    assert [key for key, n in seen.items() if n > 1] == []


# -- the numbers of inhabitants behind the spread ---------------------------------------------


def test_every_municipality_of_2024_has_its_inhabitants():
    g = Gazetteer.load()
    counts = {m.code: g.inhabitants(m.code) or 0 for m in g}
    assert len(counts) == 342
    assert all(n > 0 for n in counts.values())
    # CBS's 17,407,585 on 1 January 2020, less dissolved Haaren's 14,370
    assert sum(counts.values()) == 17_393_215
    assert g.inhabitants_as_of == INHABITANTS_AS_OF == dt.date(2020, 1, 1)
    assert g.inhabitants_source == INHABITANTS_SOURCE
    assert "CBS" in INHABITANTS_SOURCE


def test_merged_municipalities_carry_the_inhabitants_of_their_parts():
    g = Gazetteer.load()
    assert g.inhabitants(g.find("Amsterdam").code) == 872_757 + 19_738  # with Weesp
    assert g.inhabitants(g.find("Voorne aan Zee").code) == 17_271 + 40_142 + 14_731
    assert g.inhabitants(g.find("Eemsdelta").code) == 11_642 + 24_678 + 9_537
    assert g.inhabitants(g.find("Schiermonnikoog").code) == 947


def test_a_gazetteer_of_your_own_may_have_no_inhabitants():
    shipped = Gazetteer.load()
    own = Gazetteer(2024, shipped.municipalities)
    assert own.inhabitants("GM0363") is None
    assert own.inhabitants_as_of is None
    # and the demo then weighs every municipality the same, still in every arrondissement
    network = generate(seed=1, size=40, gazetteer=own).network
    assert {own.arrondissement_of(i.area.codes[0]) for i in network.interventions} == set(
        Arrondissement
    )


def test_inhabitants_must_name_known_municipalities():
    from halt_core import InvalidValue, NotFound

    shipped = Gazetteer.load()
    with pytest.raises(InvalidValue, match="not in the 2024 division"):
        Gazetteer(2024, shipped.municipalities, inhabitants={"GM9999": 10})
    with pytest.raises(InvalidValue, match="whole numbers"):
        Gazetteer(2024, shipped.municipalities, inhabitants={"GM0363": -1})
    with pytest.raises(NotFound):
        shipped.inhabitants("GM9999")
