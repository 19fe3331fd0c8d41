"""The shipped gazetteer: complete, consistent, and answering where things lie."""

import csv
import io
import re
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core import InvalidValue, NotFound
from halt_core.model import Area, AreaKind, Arrondissement, Gazetteer, available_divisions
from halt_core.testing import strategies as hs

G = Gazetteer.load()


def shipped_rows(year):
    text = resources.files("halt_core").joinpath("data").joinpath(f"municipalities-{year}.csv")
    return list(csv.DictReader(io.StringIO(text.read_text(encoding="utf-8"))))


def test_the_2024_division_is_shipped_and_is_the_default():
    assert 2024 in available_divisions()
    assert Gazetteer.load().year == max(available_divisions())
    assert Gazetteer.load(2024).year == 2024


@pytest.mark.parametrize("year", available_divisions())
def test_each_shipped_division_is_complete_and_consistent(year):
    rows = shipped_rows(year)
    gazetteer = Gazetteer.load(year)
    assert len(gazetteer) == len(rows)
    codes = [r["cbs_code"] for r in rows]
    names = [r["name"].casefold() for r in rows]
    assert len(set(codes)) == len(codes), "codes are unique"
    assert len(set(names)) == len(names), "names are unique within a year"
    # every municipality in exactly one arrondissement
    placed = [m.code for a in Arrondissement for m in gazetteer.municipalities_in(a)]
    assert sorted(placed) == sorted(codes)
    # every safety region lies wholly inside one arrondissement
    for region in gazetteer.safety_regions:
        inside = gazetteer.municipalities_in(Area.safety_region(region.code))
        assert inside
        assert {m.arrondissement for m in inside} == {region.arrondissement}


def test_the_2024_division_has_342_municipalities_25_regions_and_11_arrondissementen():
    g = Gazetteer.load(2024)
    assert len(g) == 342
    assert len(g.safety_regions) == 25
    assert {m.arrondissement for m in g} == set(Arrondissement)
    assert all(g.municipalities_in(a) for a in Arrondissement)


def test_known_facts():
    assert G.arrondissement_of("GM0363") is Arrondissement.AMSTERDAM
    assert G.find("'s-Gravenhage").arrondissement is Arrondissement.DEN_HAAG
    assert G.find("groningen").code == "GM0014"
    assert G.safety_region_of("GM0599").name == "Rotterdam-Rijnmond"
    assert G.municipality("GM0034").name == "Almere"
    assert G.arrondissement_of("GM0034") is Arrondissement.MIDDEN_NEDERLAND


def test_unknown_codes_and_names_say_how_to_find_valid_ones():
    with pytest.raises(NotFound, match="GM and 4 digits") as info:
        G.municipality("GM9999")
    assert info.value.key == "GM9999"
    assert "GM9999" in str(info.value)
    with pytest.raises(NotFound, match="CBS spelling"):
        G.find("Atlantis")
    with pytest.raises(NotFound, match="shipped divisions"):
        Gazetteer.load(1999)
    with pytest.raises(NotFound, match="VR01"):
        G.safety_region("VR99")


@given(hs.areas())
def test_every_area_lies_in_the_country_and_in_itself(area):
    assert G.contains(Area.country(), area)
    assert G.contains(area, area)
    assert G.knows(area)


@given(hs.municipality_codes())
def test_a_municipality_lies_in_its_region_and_arrondissement(code):
    municipality = G.municipality(code)
    here = Area.municipality(code)
    assert G.contains(Area.arrondissement(municipality.arrondissement), here)
    assert G.contains(Area.safety_region(municipality.safety_region.code), here)
    others = [a for a in Arrondissement if a is not municipality.arrondissement]
    assert not any(G.contains(Area.arrondissement(a), here) for a in others)
    assert G.arrondissements_of(here) == {municipality.arrondissement}


@given(hs.areas(), hs.areas())
def test_containment_is_the_subset_relation_of_municipalities(outer, inner):
    expected = inner.kind is not AreaKind.COUNTRY or outer.kind is AreaKind.COUNTRY
    expected = expected and G.municipality_codes_in(inner) <= G.municipality_codes_in(outer)
    assert G.contains(outer, inner) == expected


def test_areas_with_unknown_codes_are_unknown():
    assert not G.knows(Area.municipality("GM9999"))
    assert not G.knows(Area.safety_region("VR99"))
    with pytest.raises(NotFound):
        G.contains(Area.country(), Area.municipality("GM9999"))


HEADER = "cbs_code,name,safety_region_code,safety_region_name,arrondissement\n"


def test_a_newer_division_is_data_not_code():
    text = HEADER + "GM0001,Eerstedorp,VR01,Groningen,Noord-Nederland\n"
    g = Gazetteer.from_csv(2031, text)
    assert g.year == 2031
    assert g.arrondissement_of("GM0001") is Arrondissement.NOORD_NEDERLAND


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("cbs_code,name\nGM0001,A\n", "missing"),
        (HEADER + "GM01,A,VR01,Groningen,Noord-Nederland\n", "line 2"),
        (HEADER + "GM0001,A,VR01,Groningen,Utrecht\n", "line 2"),
        (
            HEADER
            + "GM0001,A,VR01,Groningen,Noord-Nederland\nGM0001,B,VR01,Groningen,Noord-Nederland\n",
            "unique",
        ),
        (
            HEADER
            + "GM0001,A,VR01,Groningen,Noord-Nederland\nGM0002,a,VR01,Groningen,Noord-Nederland\n",
            "unique",
        ),
        (
            HEADER
            + "GM0001,A,VR01,Groningen,Noord-Nederland\nGM0002,B,VR01,Groningen,Overijssel\n",
            "already known",
        ),
    ],
)
def test_bad_reference_data_is_refused_with_the_line(text, match):
    with pytest.raises(InvalidValue, match=match):
        Gazetteer.from_csv(2031, text)


@given(st.sampled_from(list(Arrondissement)))
def test_municipalities_in_an_arrondissement_are_the_ones_placed_there(arrondissement):
    inside = G.municipalities_in(Area.arrondissement(arrondissement))
    assert inside == G.municipalities_in(arrondissement)
    assert all(m.arrondissement is arrondissement for m in inside)
    assert list(inside) == sorted(inside, key=lambda m: m.code)


@pytest.mark.parametrize(
    ("typed", "cbs_name"),
    [
        ("Den Haag", "'s-Gravenhage"),
        ("den bosch", "'s-Hertogenbosch"),
        ("\u2019s-Gravenhage", "'s-Gravenhage"),
        ("  AMSTERDAM ", "Amsterdam"),
    ],
)
def test_names_in_everyday_use_find_their_municipality(typed, cbs_name):
    assert Gazetteer.load().find(typed).name == cbs_name


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("Bergen", "Bergen (L.) or Bergen (NH.)"), ("Amsterdm", "Amsterdam")],
)
def test_an_unknown_name_suggests_the_municipalities_meant(typed, suggested):
    with pytest.raises(NotFound, match=rf"did you mean {re.escape(suggested)}\?"):
        G.find(typed)


@pytest.mark.parametrize("typed", ["Midden-Nederland", "midden nederland", "MIDDEN_NEDERLAND"])
def test_an_arrondissement_is_found_however_it_is_written(typed):
    assert Arrondissement.named(typed) is Arrondissement.MIDDEN_NEDERLAND


def test_an_unknown_arrondissement_lists_the_names():
    with pytest.raises(InvalidValue, match="one of Amsterdam, Den Haag"):
        Arrondissement.named("Atlantis")
