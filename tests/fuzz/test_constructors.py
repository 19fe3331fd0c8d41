"""Constructors given anything: a value that round-trips, or a short library error."""

import datetime as dt
import enum
import uuid
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from halt_core import HaltError, to_dict
from tests.fuzz import _run
from tests.fuzz._hostile import (
    CLASSES,
    ODD_PYTHON,
    PERSONAL,
    STRATEGIES,
    check_error,
    check_value,
    youth_values,
)

pytestmark = pytest.mark.skipif(not _run.ENABLED, reason=_run.SKIP_REASON)


def hostile_for(current: Any) -> st.SearchStrategy[Any]:
    """Anything, and the wrong spellings of ``current`` a caller is likely to pass."""
    likely: list[Any] = []
    if isinstance(current, enum.Enum):
        likely += [current.value, current.name]
    elif isinstance(current, dt.datetime):
        likely += [current.replace(tzinfo=None), current.date(), current.isoformat()]
    elif isinstance(current, dt.date):
        likely += [dt.datetime.combine(current, dt.time()), current.isoformat()]
    elif isinstance(current, uuid.UUID):
        likely += [str(current), current.int, current.bytes]
    elif isinstance(current, tuple):
        likely += [list(current), [to_dict(i) if attrs.has(type(i)) else str(i) for i in current]]
    elif isinstance(current, frozenset):
        likely += [set(current), tuple(current), list(current), frozenset(map(str, current))]
    elif isinstance(current, str):
        likely += [current + "\x00", current + "\ud800", current * 300, *PERSONAL]
    elif isinstance(current, bool):
        likely += [int(current), str(current)]
    elif isinstance(current, int):
        likely += [float(current), str(current), current + 10**400, True]
    elif attrs.has(type(current)):
        likely += [to_dict(current)]
    if likely:
        return st.sampled_from(likely) | ODD_PYTHON
    return ODD_PYTHON


TRIES = 5  # hostile constructor calls for each valid value drawn (drawing one is what costs)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@settings(
    max_examples=_run.budget(0.25, TRIES),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)
@given(data=st.data())
def test_a_constructor_given_anything_gives_a_value_or_a_short_library_error(cls, data):
    value = data.draw(STRATEGIES[cls])
    fields = [f.name for f in attrs.fields(cls) if f.init]
    _run.count(cls, TRIES)
    youths = youth_values(to_dict(value))
    for _ in range(TRIES):
        changes = {}
        for _ in range(data.draw(st.integers(1, 3))):
            name = data.draw(st.sampled_from(fields))
            changes[name] = data.draw(hostile_for(getattr(value, name)))
        personal = set(youths)
        given_youth = changes.get("youth")
        if isinstance(given_youth, str) and len(given_youth) >= 8:
            personal.add(given_youth)
        try:
            built = attrs.evolve(value, **changes)
        except HaltError as error:
            check_error(error, personal)
        else:
            check_value(built, cls)
