"""Record rules with ``where=``: called only for the records they are about, whole or again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from halt_core.demo import generate
from halt_core.model import Intervention, InterventionKind, InterventionStatus
from halt_core.rules import RuleError, RuleSet, Severity, Subject, default_rules, record_rule

LESSON = InterventionKind.INFORMATION_LESSON
DONE = (InterventionStatus.DELIVERED, InterventionStatus.EVALUATED)


def _titled(rule_id: str, **where: Any) -> Any:
    """A tool's rule naming every intervention it is called for; ``calls`` counts the calls."""
    calls: list[Intervention] = []

    @record_rule(
        rule_id,
        Severity.ADVICE,
        Subject.INTERVENTION,
        title="an intervention is looked at",
        en="Intervention {title} is looked at.",
        nl="Interventie {title} is bekeken.",
        reads=(),
        where=where or None,
    )
    def looked_at(i: Intervention, context: Any) -> Iterator[dict[str, object]]:
        """A rule that reports every record it is called for, to see which those are."""
        calls.append(i)
        yield {"title": i.title}

    return looked_at, calls


def test_where_calls_the_function_only_for_records_with_those_values() -> None:
    demo = generate(seed=7, size=60)
    network = demo.network
    lessons, calls = _titled("TOOL-INTERV-101", kind=[LESSON])
    report = RuleSet((lessons,)).check(network, now=demo.now)
    expected = [i for i in network.interventions if i.kind is LESSON]
    assert expected
    assert len(expected) < len(network.interventions)
    assert calls == expected  # in the network's order, each once
    assert [v.subject_id for v in report] == sorted(i.id for i in expected)


def test_where_with_several_fields_wants_every_one() -> None:
    demo = generate(seed=7, size=60)
    network = demo.network
    rule, calls = _titled("TOOL-INTERV-102", kind=[LESSON], status=DONE)
    RuleSet((rule,)).check(network, now=demo.now)
    expected = [i for i in network.interventions if i.kind is LESSON and i.status in DONE]
    assert expected
    assert calls == expected


def test_where_finds_what_the_same_rule_without_it_finds_among_those_records() -> None:
    demo = generate(seed=11, size=60)
    chosen, _ = _titled("TOOL-INTERV-103", status=DONE)
    every, _ = _titled("TOOL-INTERV-103")
    with_where = RuleSet((chosen,)).check(demo.network, now=demo.now)
    without = RuleSet((every,)).check(demo.network, now=demo.now)
    done = {i.id for i in demo.network.interventions if i.status in DONE}
    assert list(with_where) == [v for v in without if v.subject_id in done]


def test_an_incremental_check_follows_records_into_and_out_of_where() -> None:
    demo = generate(seed=5, size=60)
    network = demo.network
    rule, _ = _titled("TOOL-INTERV-104", title=["Gekozen"])
    rules = default_rules().with_rules(rule)
    report = rules.check(network, now=demo.now)
    first, second = network.interventions[0], network.interventions[1]
    for changed in (
        attrs.evolve(first, title="Gekozen"),  # into the rule's records
        attrs.evolve(second, title="Gekozen"),
        attrs.evolve(first, title="Niet meer gekozen"),  # and out again
    ):
        network = network.with_records([changed])
        partial = rules.check(network, changed=[changed.id], previous=report)
        report = report.updated(partial)
        assert list(report) == list(rules.check(network, now=demo.now))
    assert [v.subject_id for v in report.filter(rule_id="TOOL-INTERV-104")] == [second.id]


@pytest.mark.parametrize(
    ("where", "cause"),
    [
        ({"kidn": [LESSON]}, "Intervention has no field 'kidn'"),
        ({"kind": [[LESSON]]}, "unhashable type: 'list'"),
    ],
)
def test_a_mistaken_where_is_a_rule_error_when_the_rule_is_made(where: Any, cause: str) -> None:
    with pytest.raises(RuleError) as raised:
        _titled("TOOL-INTERV-105", **where)
    assert raised.value.rule_id == "TOOL-INTERV-105"
    assert cause in str(raised.value)
    assert "fout in de regel" in raised.value.in_dutch()
