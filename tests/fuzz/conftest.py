"""The fuzz suite: ``nox -s fuzz`` (``HALT_FUZZ=1``); ``--long`` for 100,000 inputs per class.

Skipped in the ordinary test run, which collects ``tests/`` too. Prints how many inputs each
class got at the end.
"""

import typing
from typing import Any

import pytest

from tests.fuzz import _run


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # The reliability suite has a --long too, and pytest allows one option of a name per
    # session. This one is added only when pytest reads this file before the command line
    # (``pytest tests/fuzz --long``), and then with the same destination as the other, so the
    # two share it. Loaded later, while ``pytest tests`` collects, it adds nothing: the command
    # line is read by then, and the reliability suite's conftest may add its own.
    config = pluginmanager.get_plugin("pytestconfig")
    if config is not None and config.args:  # set once the command line is read
        return
    if any("--long" in option.names() for group in _groups(parser) for option in group.options):
        return
    parser.addoption(
        "--long",
        action="store_true",
        default=False,
        dest="long",
        help="fuzz (and reliability): the long run; 100,000 hostile inputs per class",
    )


def _groups(parser: pytest.Parser) -> list[Any]:
    return [parser._anonymous, *parser._groups]  # pytest keeps no public list of them


def pytest_configure(config: pytest.Config) -> None:
    _run.LONG = bool(config.getoption("long", default=False))


@pytest.fixture(autouse=True)
def _record_inputs(request: pytest.FixtureRequest) -> Any:
    """Hand the inputs a test tried to the report, so that they add up under pytest-xdist too."""
    before = dict(_run.COUNTS)
    yield
    for name, count in _run.COUNTS.items():
        if count > before.get(name, 0):
            request.node.user_properties.append(
                ("fuzz_inputs", (name, count - before.get(name, 0)))
            )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "teardown":  # the properties are complete after the fixtures are done
        return
    for key, value in report.user_properties:
        if key == "fuzz_inputs":
            name, count = typing.cast(tuple[str, int], value)
            _run.REPORTED[name] += count


def pytest_terminal_summary(terminalreporter: Any) -> None:
    counts = _run.REPORTED
    if not counts:
        return
    terminalreporter.section("fuzz: hostile inputs per class")
    width = max(map(len, counts))
    for name, count in sorted(counts.items()):
        terminalreporter.write_line(f"{name:<{width}}  {count:>9,}")
    total = sum(counts.values())
    terminalreporter.write_line(f"{'total':<{width}}  {total:>9,} ({len(counts)} classes)")
