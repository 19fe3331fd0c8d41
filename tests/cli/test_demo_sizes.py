"""``halt demo --size small|region|national|NUMBER --spread people|even``, and what it says."""

import re

import pytest

from halt_adapters.cli._demo import demo
from halt_core.demo import SIZES
from tests.cli.conftest import Halt
from tests.cli.test_commands import one_line_error, stored


@pytest.mark.parametrize("name", ["small", "region", "national", "Region"])
def test_a_named_size_is_its_number(name):
    # Parsed only: generating a region or national demo is too slow for a test.
    ctx = demo.make_context("demo", ["--size", name])
    assert ctx.params["size"] == SIZES[name.lower()]
    assert demo.make_context("demo", ["--size", "1234"]).params["size"] == 1234
    assert demo.make_context("demo", []).params == {
        "seed": 2024,
        "size": SIZES["small"],
        "spread": "people",
    }


def test_help_says_what_each_size_holds(empty: Halt):
    shown = " ".join(empty("demo", "--help").stdout.split())
    assert "small (200 partners, about 3,800 records in all)" in shown
    assert "region (5,500 partners, about 100,000 records)" in shown
    assert "national (55,000 partners, about 1,000,000 records;" in shown
    assert "--spread [people|even]" in shown


@pytest.mark.parametrize("size", ["huge", "0", "100001", ""])
def test_a_bad_size_is_one_line_naming_the_sizes(empty: Halt, size: str):
    result = empty("demo", "--size", size)
    assert result.exit_code == 2
    line = one_line_error(result.stderr)
    assert "pick one of small, region, national, or a whole number from 1 to 100,000" in line
    assert not empty.store.exists()


def test_a_bad_spread_is_refused(empty: Halt):
    result = empty("demo", "--spread", "flat")
    assert result.exit_code == 2
    assert "'people', 'even'" in one_line_error(result.stderr)
    assert not empty.store.exists()


def test_the_small_demo_spread_evenly_says_what_it_saved_and_how_long_it_took(empty: Halt):
    result = empty("demo", "--size", "small", "--spread", "even")
    assert result.exit_code == 0, result.output
    assert "Demo network (seed 2024, size 200, spread even)" in result.stdout
    held = stored(empty)
    assert held["partners"] == 200
    said = result.stderr.strip().splitlines()[-1]
    counts = ", ".join(f"{n:,} {kind}" for kind, n in held.items())
    total = sum(held.values())
    assert said.startswith(f"Saved the demo network in {empty.url}: {counts} ({total:,} records)")
    assert re.search(r" in [\d.]+ s \(generating [\d.]+ s, saving [\d.]+ s\)\.$", said), said
    # The same size with the other spread is another network: refused, nothing changed.
    before = empty.snapshot()
    again = empty("demo", "--size", "small")
    assert again.exit_code == 2
    assert "already holds" in one_line_error(again.stderr)
    assert empty.snapshot() == before
    # and the same spread finds it there, saying nothing of saving
    same = empty("demo", "--size", "200", "--spread", "even")
    assert same.exit_code == 0
    assert "already holds this demo network" in same.stderr
    assert "Saved" not in same.stderr
