"""``halt network``: read through the indexes, the same answer as from the whole network."""

from __future__ import annotations

import json

import pytest

from halt_adapters.cli._summary import arrondissement_names
from halt_core import connect
from tests.cli.conftest import Halt


def _expected(halt: Halt, arrondissement: str) -> dict[str, tuple[list[str], list[str]]]:
    """Each partner's forums and collaborations, worked out from the whole stored network."""
    with connect(halt.url) as store, store.unit_of_work() as uow:
        network = uow.load_network()
        gazetteer = store.gazetteer

    def here(area: object) -> bool:
        return arrondissement in arrondissement_names(area, gazetteer)  # type: ignore[arg-type]

    linked: dict[str, tuple[list[str], list[str]]] = {}
    for forum in (f for f in network.forums if here(f.area)):
        for member in forum.members:
            linked.setdefault(str(member), ([], []))[0].append(forum.name)
    for collaboration in (c for c in network.collaborations if here(c.area)):
        named = {*collaboration.partners}
        if collaboration.commissioner is not None:
            named.add(collaboration.commissioner)
        for member in named:
            linked.setdefault(str(member), ([], []))[1].append(collaboration.name)
    for partner in network.partners:
        if here(partner.area):
            linked.setdefault(str(partner.id), ([], []))
    return {id: (sorted(f), sorted(c)) for id, (f, c) in linked.items()}


@pytest.mark.parametrize("arrondissement", ["Amsterdam", "Limburg"])
def test_the_network_of_an_arrondissement_is_what_the_whole_network_says(
    halt: Halt, arrondissement: str
) -> None:
    result = halt("network", "--arrondissement", arrondissement, "--format", "json")
    assert result.exit_code == 0, result.output
    found = {p["id"]: (p["forums"], p["collaborations"]) for p in json.loads(result.stdout)}
    assert found == _expected(halt, arrondissement)


def test_jsonl_is_the_json_a_line_at_a_time(halt: Halt) -> None:
    array = json.loads(halt("network", "--arrondissement", "Gelderland", "--format", "json").stdout)
    lines = halt("network", "--arrondissement", "Gelderland", "--format", "jsonl").stdout
    assert [json.loads(line) for line in lines.splitlines()] == array


def test_a_table_shows_the_first_rows_and_says_how_many_more(halt: Halt) -> None:
    every = json.loads(halt("network", "--arrondissement", "Amsterdam", "--format", "json").stdout)
    result = halt("network", "--arrondissement", "Amsterdam", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert f"Halt's network in arrondissement Amsterdam ({len(every):,})" in result.stdout
    assert f"... and {len(every) - 2:,} more: --limit 0 shows them all" in result.stdout
    assert "more forums: --limit 0 shows them all" in result.stdout
    whole = halt("network", "--arrondissement", "Amsterdam", "--limit", "0")
    assert "more" not in whole.stdout
