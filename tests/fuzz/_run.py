"""The state of one fuzz run: how many inputs each class got, and the values it accepted.

The conftest sets :data:`LONG` from ``--long`` before the test modules are imported, so
their ``@settings`` read the budget; the stores test writes what the other tests accepted.
"""

import collections
import os
from typing import Any

ENABLED = os.environ.get("HALT_FUZZ") == "1"
"""Whether this run fuzzes (``nox -s fuzz`` sets ``HALT_FUZZ=1``)."""

SKIP_REASON = (
    "the fuzz suite runs on its own: run with nox -s fuzz (or HALT_FUZZ=1 pytest tests/fuzz)"
)

LONG = False
"""Whether ``--long`` was given: 100,000 inputs per class instead of a few thousand."""

COUNTS: collections.Counter[str] = collections.Counter()
"""Inputs tried in this process, by class name."""

REPORTED: collections.Counter[str] = collections.Counter()
"""Inputs tried in the whole run (every pytest-xdist worker), by class name, from the reports."""

ACCEPTED: dict[type, dict[Any, Any]] = collections.defaultdict(dict)
"""Values read or built from hostile input, by class, then by id: the stores test writes them."""


def budget(share: float, inputs_per_example: int = 1) -> int:
    """Examples for one test of one class, to try ``share`` of the inputs each class gets."""
    per_class = 100_000 if LONG else 2_000
    return max(1, round(per_class * share / inputs_per_example))


def count(cls: type, inputs: int = 1) -> None:
    """Note ``inputs`` inputs tried for ``cls``."""
    COUNTS[cls.__name__] += inputs


def accept(value: Any) -> None:
    """Keep an accepted record or event for the stores test (by id, the last one wins)."""
    key = getattr(value, "id", None)
    if key is not None:
        ACCEPTED[type(value)][key] = value
