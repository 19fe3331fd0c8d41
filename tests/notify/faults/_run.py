"""Whether the notification fault suite runs, and how long."""

from __future__ import annotations

import os

import pytest

ENABLED = os.environ.get("HALT_NOTIFY") == "1"
"""Whether this run includes the fault suite (``nox -s notify`` sets ``HALT_NOTIFY=1``)."""

SKIP = pytest.mark.skipif(
    not ENABLED,
    reason="the notification fault suite runs on its own: nox -s notify "
    "(or HALT_NOTIFY=1 pytest tests/notify/faults)",
)

LONG = False
"""Whether ``--long`` was given: many more events, rounds and kills (set by the conftest)."""


def scaled(quick: int, long: int) -> int:
    """``quick`` for the quick run, ``long`` with ``--long``."""
    return long if LONG else quick
