"""Shared fixtures of the export tests: the demo network every format is read back from."""

import datetime as dt
import functools

import pytest

from halt_core.demo import Demo, generate
from halt_core.model import Network
from halt_core.model.periods import AMSTERDAM

GENERATED_AT = dt.datetime(2026, 9, 1, 12, 0, tzinfo=AMSTERDAM)
"""A fixed export time, so two exports of the same data are byte for byte comparable."""


@functools.cache
def _demo() -> Demo:
    return generate(seed=2024, size=60)


@pytest.fixture(scope="session")
def demo() -> Demo:
    """The demo network at size 60 (made once per test run)."""
    return _demo()


@pytest.fixture(scope="session")
def network(demo: Demo) -> Network:
    """The demo network's records."""
    return demo.network
