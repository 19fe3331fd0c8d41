"""A pytest plugin: every error halt raises while the tests run must have its Dutch.

Each error class of halt_core and halt_adapters (and the CLI's ``CommandError``) is wrapped,
for the session, so that an error raised by halt's own code is asked for its Dutch message
(``error.message("nl")``) as it is made. A free text the phrasebook has no Dutch for, or a
Dutch message that fails to build, is collected, and the session fails listing them: so
every raise site the tests reach is covered, whatever values fill it.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import halt_adapters
import halt_core
from halt_core.errors import PHRASEBOOK, HaltError

_OWN = ("halt_core.", "halt_adapters.")
FOUND: dict[str, str] = {}  # what had no Dutch (or failed) -> the error and the raising module


def _modules() -> Iterator[str]:
    for package in (halt_core, halt_adapters):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.endswith("__main__"):
                yield info.name


def error_classes() -> list[type[BaseException]]:
    """Every error class of halt_core and halt_adapters, after importing all their modules."""
    for name in _modules():
        try:
            importlib.import_module(name)
        except ImportError:  # an adapter whose optional extra is not installed
            continue
    from halt_adapters.cli._context import CommandError

    found: list[type[BaseException]] = []
    todo: list[type[BaseException]] = [HaltError, CommandError]
    while todo:
        cls = todo.pop()
        if cls not in found and cls.__module__.startswith(("halt_core", "halt_adapters")):
            found.append(cls)
            todo.extend(cls.__subclasses__())
    return found


def dutch_of(error: BaseException) -> str:
    """The Dutch message of ``error`` (a ``CommandError`` gives its message and details)."""
    if isinstance(error, HaltError):
        return error.message("nl")
    message, details = error.in_dutch()  # type: ignore[attr-defined]
    return "\n".join((message, *details))


def _wrap(cls: type[BaseException]) -> None:
    original: Callable[..., None] = cls.__dict__["__init__"]

    @functools.wraps(original)
    def init(self: BaseException, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if type(self).__init__ is not init:
            return  # a subclass's own __init__ called this one; it checks when it is done
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if not caller.startswith(_OWN):
            return  # made by a test, with a text of its own
        before = len(PHRASEBOOK.missing())
        raised = type(self).__name__
        try:
            dutch_of(self)
        except Exception as exc:
            FOUND[f"{type(exc).__name__} building the Dutch: {exc}"] = f"{raised} in {caller}"
            return
        for text in PHRASEBOOK.missing()[before:]:
            FOUND.setdefault(text, f"{raised} in {caller}")

    setattr(cls, "__init__", init)  # noqa: B010 -- mypy refuses assigning to a method


def pytest_sessionstart(session: pytest.Session) -> None:
    """Wrap every error class that has an ``__init__`` of its own."""
    for cls in error_classes():
        if "__init__" in cls.__dict__:
            _wrap(cls)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session when an error had no Dutch."""
    if FOUND:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """List what had no Dutch, to add to the phrasebooks."""
    if not FOUND:
        return
    terminalreporter.section("errors without Dutch")
    terminalreporter.write_line(
        f"{len(FOUND)} texts of errors raised by halt have no Dutch in the phrasebook "
        "(halt_core/errors/_dutch/, halt_adapters/_dutch/):"
    )
    for text, cls in sorted(FOUND.items(), key=lambda item: (item[1], item[0])):
        terminalreporter.write_line(f"  {cls}: {text!r}")
