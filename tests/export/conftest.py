"""Shared fixtures of the export tests: the demo network every format is read back from."""

import datetime as dt
import functools
from typing import Any

import attrs
import pytest

from halt_core.demo import Demo, generate
from halt_core.model import (
    AgendaItem,
    Collaboration,
    Forum,
    Intervention,
    Meeting,
    Network,
    Partner,
)
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


def without_free_text(record: Any) -> Any:
    """``record`` as a default export shows it: free text left out.

    Written out here, field by field, rather than taken from the export's own code, so the
    tests check that code against what the docs promise.
    """
    if isinstance(record, Collaboration):
        agreements = tuple(attrs.evolve(a, text="[weggelaten]") for a in record.agreements)
        return attrs.evolve(record, notes="", agreements=agreements)
    if isinstance(record, (Partner, Forum)):
        return attrs.evolve(record, notes="")
    if isinstance(record, Meeting):
        agenda = tuple(AgendaItem(title="[weggelaten]") for _ in record.agenda)
        return attrs.evolve(record, agenda=agenda)
    if isinstance(record, Intervention):
        group = attrs.evolve(record.target_group, description="[weggelaten]")
        evaluation = record.evaluation
        if evaluation is not None:
            evaluation = attrs.evolve(evaluation, summary="[weggelaten]")
        return attrs.evolve(record, notes="", target_group=group, evaluation=evaluation)
    return record


NOTE = "Casus Y-BGW7LDL3, geb. 03-04-2010, bel 06-12345678"
"""Free text planted in every free-text field of :func:`noted`."""


@functools.cache
def _noted() -> Network:
    network = _demo().network
    referrals = network.referrals
    linked = iter(range(10**9))
    meetings = []
    for meeting in network.meetings:
        cases = tuple(
            attrs.evolve(case, referral=referrals[next(linked) % len(referrals)].id)
            for case in meeting.cases
        )
        agenda = tuple(attrs.evolve(item, notes=NOTE) for item in meeting.agenda)
        meetings.append(attrs.evolve(meeting, cases=cases, agenda=agenda))
    return attrs.evolve(
        network,
        partners=tuple(attrs.evolve(p, notes=NOTE) for p in network.partners),
        collaborations=tuple(attrs.evolve(c, notes=NOTE) for c in network.collaborations),
        forums=tuple(attrs.evolve(f, notes=NOTE) for f in network.forums),
        meetings=tuple(meetings),
        interventions=tuple(attrs.evolve(i, notes=NOTE) for i in network.interventions),
    )


@pytest.fixture(scope="session")
def noted() -> Network:
    """The demo network with :data:`NOTE` in every notes field and cases linked to referrals."""
    return _noted()
