"""The built-in notifiers pass the notifier kit, and the kit fails notifiers with a bug.

The kit (:class:`~halt_adapters.testing.NotifierConformance`) runs against the ``log:``
notifier (its target: a logging handler), the webhook notifier (a
:class:`~halt_adapters.testing.WebhookReceiver` on loopback) and the SMTP notifier (an aiosmtpd
server on loopback, with a login, so the kit checks that the password is never shown).

``tests/notify/_kit_mutants.py`` plants one bug at a time in the webhook notifier; here the
whole kit runs against each, in a pytest process of its own, and must fail for every one,
while the notifier without a bug passes.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import os
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from halt_adapters.notify import smtp
from halt_adapters.notify.log import LogNotifier
from halt_adapters.notify.smtp import SmtpNotifier
from halt_adapters.notify.webhook import WebhookNotifier
from halt_adapters.testing import NotifierConformance, WebhookReceiver
from halt_adapters.testing.notifying import TargetDown
from halt_core.notify import Notifier, NotifierUnavailable
from halt_core.plugins import open_notifier, plugin_manager
from tests.notify._kit_mutants import BASELINE, MUTANTS
from tests.notify.test_smtp import AUTH_WITHOUT_TLS, PASSWORD, Collector, authenticator, free_port
from tests.test_plugin_docs import python_blocks

ROOT = Path(__file__).resolve().parents[2]
SECRET = "kit-secret-0123456789abcdef"
LOGGER = "halt_tests.notifier_kit"
MUTANTS_MODULE = Path(__file__).with_name("_kit_mutants.py")
PROCESSES = max(1, min(4, os.cpu_count() or 1))  # each runs the kit against a share


# -- the log notifier: its target is a logging handler ------------------------------------------


class _Kept(logging.Handler):
    """Keeps every record it is given."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class TestLogNotifier(NotifierConformance):
    @pytest.fixture
    def handler(self) -> Iterator[_Kept]:
        handler = _Kept()
        logger = logging.getLogger(LOGGER)
        logger.addHandler(handler)
        level = logger.level
        logger.setLevel(logging.DEBUG)
        yield handler
        logger.setLevel(level)
        logger.removeHandler(handler)

    @pytest.fixture
    def notifier(self, handler: _Kept) -> Notifier:
        return LogNotifier(f"log:{LOGGER}?level=warning")

    @pytest.fixture
    def delivered(self, handler: _Kept) -> Callable[[], Sequence[str]]:
        """The second word of each line: ``<type> <id> about <subject> (attempt n)``."""
        return lambda: [r.getMessage().split()[1] for r in handler.records]


# -- the webhook notifier: its target is a WebhookReceiver --------------------------------------


class TestWebhookNotifier(NotifierConformance):
    @pytest.fixture
    def receiver(self) -> Iterator[WebhookReceiver]:
        with WebhookReceiver(secret=SECRET) as receiver:
            yield receiver

    @pytest.fixture
    def notifier(self, receiver: WebhookReceiver) -> Iterator[Notifier]:
        notifier = WebhookNotifier(f"{receiver.notifier_url}?timeout=5", secret=SECRET)
        yield notifier
        notifier.close()

    @pytest.fixture
    def delivered(self, receiver: WebhookReceiver) -> Callable[[], Sequence[str]]:
        return lambda: [event["id"] for event in receiver.events()]

    @pytest.fixture
    def target_down(self, receiver: WebhookReceiver) -> TargetDown:
        return receiver.down

    @pytest.fixture
    def secret_in_url(self) -> str:
        return SECRET  # not in the URL, but it must not show anywhere else either


# -- the SMTP notifier: its target is an aiosmtpd server that asks for a login ------------------


class _MailServer:
    """An aiosmtpd server on one loopback port, stopped and started again on that port."""

    def __init__(self) -> None:
        self.collector = Collector()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(
            self.collector,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=authenticator,
            auth_require_tls=False,
            auth_required=True,
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        self.stop()
        try:
            yield
        finally:
            self.start()


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
class TestSmtpNotifier(NotifierConformance):
    @pytest.fixture
    def server(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[_MailServer]:
        monkeypatch.delenv(smtp.PASSWORD_VARIABLE, raising=False)
        server = _MailServer()
        server.start()
        yield server
        server.stop()

    @pytest.fixture
    def notifier(self, server: _MailServer) -> Iterator[Notifier]:
        url = f"smtp://halt:{PASSWORD}@127.0.0.1:{server.port}?from=halt@example.nl&timeout=5"
        notifier = SmtpNotifier(url)
        yield notifier
        notifier.close()

    @pytest.fixture
    def delivered(self, server: _MailServer) -> Callable[[], Sequence[str]]:
        return lambda: [mail.message["X-Halt-Event-Id"] for mail in server.collector.received]

    @pytest.fixture
    def target_down(self, server: _MailServer) -> TargetDown:
        return server.down

    @pytest.fixture
    def secret_in_url(self) -> str:
        return PASSWORD


# -- the notifier of the plugin authors' how-to, with the test the page gives ------------------


def _howto_namespace() -> dict[str, Any]:
    """The how-to's notifier module and its test module, run from their code blocks."""
    blocks = python_blocks(ROOT / "docs" / "howto" / "plugin-authors.rst")
    (module_code,) = [b for b in blocks if b.startswith("# src/halt_chat/notifier.py")]
    (test_code,) = [b for b in blocks if b.startswith("# tests/test_chat.py")]
    module = types.ModuleType("halt_chat.notifier")
    exec(compile(module_code, "plugin-authors.rst", "exec"), module.__dict__)
    importing = "from halt_chat.notifier import ChatNotifier\n"
    assert importing in test_code
    namespace: dict[str, Any] = {"__name__": __name__, "ChatNotifier": module.ChatNotifier}
    exec(compile(test_code.replace(importing, ""), "plugin-authors.rst", "exec"), namespace)
    namespace["module"] = module
    return namespace


_HOWTO = _howto_namespace()
TestTheNotifierOfTheHowTo = _HOWTO["TestChatNotifier"]


def test_the_how_tos_notifier_is_opened_through_its_hook() -> None:
    manager = plugin_manager(entry_points=False, plugins=[_HOWTO["module"]])
    notifier = open_notifier("chat+https://chat.example.nl/hooks/s3cr3t-token", manager)

    assert notifier.name == "chat+https://chat.example.nl/hooks/***"
    with pytest.raises(NotifierUnavailable, match="expected chat") as caught:
        open_notifier("chat+http://chat.example.nl/hooks/s3cr3t-token", manager)
    assert "s3cr3t" not in str(caught.value)


# -- the kit catches planted bugs -----------------------------------------------------------------


def _outcomes(report: Path) -> dict[str, dict[str, Any]]:
    """Per test class of the mutants' module: the tests that failed or erred, and the rest."""
    found: dict[str, dict[str, Any]] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        name = case.get("classname", "").rpartition(".")[2]
        outcome = found.setdefault(name, {"failed": [], "passed": [], "skipped": []})
        if case.find("failure") is not None or case.find("error") is not None:
            outcome["failed"].append(case.get("name"))
        elif case.find("skipped") is not None:
            outcome["skipped"].append(case.get("name"))
        else:
            outcome["passed"].append(case.get("name"))
    return found


def _run(classes: list[str], folder: Path) -> dict[str, dict[str, Any]]:
    """Run the kit against the test classes ``classes`` in a pytest process; their outcomes."""
    folder.mkdir()
    report = folder / "report.xml"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    command = [
        *(sys.executable, "-m", "pytest", "-p", "tests.notify._kit_mutants"),
        *("-p", "no:cacheprovider", "-q", "--no-header", "-rN"),
        *("-o", "junit_family=xunit2", f"--junitxml={report}"),
        *(f"{MUTANTS_MODULE}::{name}" for name in classes),
    ]
    # In a folder of its own: hypothesis keeps its example database in the working folder.
    done = subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if not report.exists():
        pytest.fail(f"the kit did not run against {classes}:\n{done.stdout}\n{done.stderr}")
    outcomes = _outcomes(report)
    for outcome in outcomes.values():
        outcome["output"] = done.stdout[-3000:]
    return outcomes


@pytest.fixture(scope="module")
def mutant_outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The kit run against every mutant and the notifier without a bug, a few at a time."""
    classes = [BASELINE, *(mutant.test_class for mutant in MUTANTS.values())]
    groups = [classes[i::PROCESSES] for i in range(PROCESSES)]
    base = tmp_path_factory.mktemp("kit-mutants")
    found: dict[str, dict[str, Any]] = {}
    with concurrent.futures.ThreadPoolExecutor(PROCESSES) as pool:
        runs = [pool.submit(_run, group, base / f"run{n}") for n, group in enumerate(groups)]
        for run in runs:
            found.update(run.result())
    return found


def test_the_webhook_notifier_without_a_bug_passes_the_kit(
    mutant_outcomes: dict[str, dict[str, Any]],
) -> None:
    outcome = mutant_outcomes[BASELINE]
    assert outcome["failed"] == [], outcome["output"]
    assert outcome["skipped"] == [], outcome  # target_down and secret_in_url given
    assert len(outcome["passed"]) >= 12, outcome  # the whole kit ran


def test_there_are_planted_bugs_of_each_promise() -> None:
    assert len(MUTANTS) >= 8


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_the_kit_catches_the_planted_bug(
    mutant_outcomes: dict[str, dict[str, Any]], name: str
) -> None:
    outcome = mutant_outcomes.get(MUTANTS[name].test_class)
    assert outcome is not None, f"the kit did not run against {name}"
    assert outcome["failed"], (
        f"every test of NotifierConformance passed against a notifier with this bug: "
        f"{MUTANTS[name].bug}. Add a test to the kit that catches it."
    )


def test_every_test_of_the_kit_says_what_it_checks() -> None:
    tests = [name for name in dir(NotifierConformance) if name.startswith("test_")]
    assert len(tests) >= 12
    silent = [n for n in tests if not (getattr(NotifierConformance, n).__doc__ or "").strip()]
    assert not silent, f"give these tests of NotifierConformance a docstring: {silent}"
