"""The notification fault suite: ``nox -s notify`` (``HALT_NOTIFY=1``); ``--long`` runs longer.

Real servers on loopback (an SMTP server, HTTP receivers), real stores (SQLite files, the
PostgreSQL server), real processes killed mid-send. Skipped in the ordinary test run, which
collects ``tests/`` too. The quick run takes about half a minute; ``--long`` queues 50 times
the events and kills a dispatcher 20 times.
"""

from typing import Any

import pytest

from tests.notify.faults import _run


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # The reliability and fuzz suites have a --long too, and pytest allows one option of a
    # name per session: added only when pytest reads this file before the command line
    # (``pytest tests/notify/faults --long``), with the same destination as the others.
    config = pluginmanager.get_plugin("pytestconfig")
    if config is not None and config.args:
        return
    if any("--long" in option.names() for group in _groups(parser) for option in group.options):
        return
    parser.addoption(
        "--long",
        action="store_true",
        default=False,
        dest="long",
        help="notify faults (and reliability, fuzz): the long run",
    )


def _groups(parser: pytest.Parser) -> list[Any]:
    return [parser._anonymous, *parser._groups]  # pytest keeps no public list of them


def pytest_configure(config: pytest.Config) -> None:
    _run.LONG = bool(config.getoption("long", default=False))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "notify/faults" in str(item.path).replace("\\", "/"):
            item.add_marker(_run.SKIP)
