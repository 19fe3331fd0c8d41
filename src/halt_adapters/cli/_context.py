"""What every command shares: the store URL, the console, one-line errors, parameter types."""

from __future__ import annotations

import contextlib
import enum
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import attrs
import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

import halt_core
from halt_adapters.storage.sqlite import path_of
from halt_core.errors import (
    PHRASEBOOK,
    AlreadyExists,
    HaltError,
    IllegalTransition,
    InvalidDocument,
    InvalidValue,
    Language,
    NotFound,
    TransitionRefused,
    UnknownFormat,
    UnknownScheme,
    UnsupportedSchemaVersion,
)
from halt_core.storage import Store, redact_url
from halt_core.storage.urls import redact_secrets

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "App",
    "CommandError",
    "CommandFailed",
    "HaltGroup",
    "fail",
    "pass_app",
    "sqlite_path",
    "user_name",
]

EXIT_OK = 0
"""The command did what was asked (``halt check``: and found no errors)."""
EXIT_FAILED = 1
"""The command ran into a failure (a store that cannot be reached), or found errors."""
EXIT_USAGE = 2
"""The command was asked something wrong: bad options, an unknown id, a bad file."""

# Errors about what the user asked for: fixing the input fixes them.
_INPUT_ERRORS = (
    AlreadyExists,
    IllegalTransition,
    InvalidDocument,
    InvalidValue,
    NotFound,
    TransitionRefused,
    UnknownFormat,
    UnknownScheme,
    UnsupportedSchemaVersion,
)

_E = TypeVar("_E", bound=enum.Enum)


class CommandError(click.ClickException):
    """Something asked wrongly, shown as one line, ``Error: ...``; exit code 2.

    A click exception, so click shows it; written in English, and shown in Dutch under
    ``halt --lang nl``: the Dutch given, or else looked up in
    :data:`~halt_core.errors.PHRASEBOOK`.

    Attributes:
        details: lines shown under that one, each as ``  - ...`` (the problems of a
            refused import); empty for most errors.
        dutch: the message and details in Dutch, when the raise site wrote them; None to
            look the English up.

    """

    exit_code = EXIT_USAGE

    def __init__(
        self,
        message: str,
        details: Sequence[str] = (),
        *,
        dutch: tuple[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(_one_spaced(message))
        self.details = tuple(map(_one_spaced, details))
        self.dutch = (
            None if dutch is None else (_one_spaced(dutch[0]), tuple(map(_one_spaced, dutch[1])))
        )

    def in_dutch(self) -> tuple[str, tuple[str, ...]]:
        """The message and its details in Dutch (the English where there is no Dutch)."""
        if self.dutch is not None:
            return self.dutch
        return PHRASEBOOK.say(self.message), tuple(map(PHRASEBOOK.say, self.details))


def _one_spaced(text: str) -> str:
    return " ".join(text.split())


class CommandFailed(CommandError):
    """A command that ran into a failure, shown as one line; exit code 1."""

    exit_code = EXIT_FAILED


@attrs.define
class App:
    """The state of one ``halt`` run, shared by its commands.

    Attributes:
        store_url: the store to open (``--store``, ``$HALT_STORE_URL`` or the default file).
        debug: show tracebacks instead of one-line errors.
        language: the language of errors and reports (``--lang``, ``$HALT_LANG``).
        console: where tables go (standard output).
        errors: where messages go (standard error).

    """

    store_url: str
    debug: bool = False
    language: Language = "en"
    console: Console = attrs.field(factory=lambda: _console(stderr=False))
    errors: Console = attrs.field(factory=lambda: _console(stderr=True))

    @contextlib.contextmanager
    def store(self, *, must_exist: bool = True) -> Iterator[Store]:
        """The store, opened; with ``must_exist``, an SQLite file must be there already."""
        path = sqlite_path(self.store_url)
        if must_exist and path is not None and not path.exists():
            raise CommandError(
                f"there is no store at {path} yet: run 'halt init' for an empty one or "
                "'halt demo' for the demo network, or pass --store URL"
            )
        with halt_core.connect(self.store_url) as store:
            yield store

    @contextlib.contextmanager
    def progress(self, description: str, total: int | None = None) -> Iterator[Callable[..., None]]:
        """A progress bar on a terminal, nothing otherwise; yields ``advance(done, total)``.

        ``total`` may be given when the bar starts or with each step, once it is known.
        """
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.errors,
            disable=not self.errors.is_terminal,
            transient=True,
        ) as bar:
            task = bar.add_task(description, total=total)

            def advance(done: int, total: int | None = total) -> None:
                bar.update(task, completed=done, total=total)

            yield advance

    def say(self, message: str) -> None:
        """A status line on standard error (kept out of output meant for other tools)."""
        self.errors.print(message, highlight=False, markup=False)

    @property
    def store_name(self) -> str:
        """The store URL as messages show it: its secrets replaced by ``***``."""
        return redact_url(self.store_url)

    def redact(self, text: str) -> str:
        """``text`` with the store URL's secrets hidden (see :func:`redact_secrets`)."""
        return redact_secrets(text, self.store_url)

    def show_traceback(self, error: BaseException) -> None:
        """Print the traceback of ``error`` on standard error, the store's secrets hidden."""
        text = "".join(traceback.format_exception(error))
        click.echo(self.redact(text).rstrip("\n"), err=True)


def _console(*, stderr: bool) -> Console:
    console = Console(stderr=stderr, soft_wrap=True)
    if not console.is_terminal:
        # Files and pipes have no width: do not squeeze tables into 80 columns.
        console = Console(stderr=stderr, soft_wrap=True, width=200)
    return console


pass_app = click.make_pass_decorator(App)


class HaltGroup(click.Group):
    """A command group that turns every error into one line and an exit code.

    Attributes:
        language: the language of the run's errors (``--lang``), once the group has read it.

    """

    language: Language = "en"

    def main(  # same call as click's, always handled here
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run ``halt``: click's errors, usage errors included, are one line here too.

        Under ``--lang nl`` the line starts ``Fout:``; click's own usage errors (an unknown
        option) stay in English.
        """
        self.language = "en"
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _TracebackShown as exc:
            code = exc.exit_code
        except click.ClickException as exc:
            click.echo(f"{self._error_word}: {_one_line(exc)}", err=True)
            for line in getattr(exc, "details", ()):
                click.echo(f"  - {line}", err=True)
            code = exc.exit_code
        except click.Abort:
            click.echo(f"{self._error_word}: {self._in_language('stopped.', 'gestopt.')}", err=True)
            code = EXIT_FAILED
        except _ReaderGone:
            # The reader went away (`halt ... | head`): stop quietly, as other tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            code = EXIT_OK
        if not standalone_mode:
            return code
        raise SystemExit(code if isinstance(code, int) else EXIT_OK)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a :class:`~halt_core.errors.HaltError` becomes one line.

        Whatever it prints on the way out (a message, a ``--debug`` traceback, the
        traceback of a bug) passes through :meth:`App.redact` first: no secret of the store
        URL is printed, even should a driver quote it.
        """
        try:
            return super().invoke(ctx)
        except CommandError as exc:  # already one line with its exit code
            app = self._app(ctx)
            message, details = (
                exc.in_dutch() if app.language == "nl" else (exc.message, exc.details)
            )
            message, details = app.redact(message), tuple(map(app.redact, details))
            if (message, details) == (exc.message, exc.details):
                raise
            # Already in the run's language: its Dutch is what it says.
            raise type(exc)(message, details, dutch=(message, details)) from exc.__cause__
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            self._app(ctx)  # the language its line is shown in
            raise
        except BrokenPipeError:
            # Not as an OSError: click would catch that itself and exit with 1.
            raise _ReaderGone() from None
        except HaltError as exc:
            app = self._app(ctx)
            code = EXIT_USAGE if isinstance(exc, _INPUT_ERRORS) else EXIT_FAILED
            if app.debug:
                app.show_traceback(exc)
                raise _shown(code) from None
            failure = CommandError if code == EXIT_USAGE else CommandFailed
            message = app.redact(exc.message(app.language))
            raise failure(message, dutch=(message, ())) from exc
        except OSError as exc:
            app = _app(ctx)
            if app.debug:
                app.show_traceback(exc)
                raise _TracebackShown() from None
            where = f": {exc.filename}" if exc.filename else ""
            said = app.redact(f"{exc.strerror or exc}{where}")
            # The system's own words, in its language; in Dutch, said whose they are.
            if app.language == "nl":
                said = f"het systeem meldt: {said}"
            raise CommandFailed(said, dutch=(said, ())) from exc
        except Exception as exc:  # a bug: its traceback, for the report, without secrets
            app = _app(ctx)
            app.show_traceback(exc)
            click.echo(
                "Error: this is a bug in halt, not something you did wrong; please report it "
                "with the traceback above (it shows no password).",
                err=True,
            )
            raise _TracebackShown() from None

    @property
    def _error_word(self) -> str:
        return self._in_language("Error", "Fout")

    def _in_language(self, english: str, dutch: str) -> str:
        return dutch if self.language == "nl" else english

    def _app(self, ctx: click.Context) -> App:
        app = _app(ctx)
        self.language = app.language
        return app


class _ReaderGone(Exception):
    """Standard output's reader went away (a closed pipe): :meth:`HaltGroup.main` stops."""


class _TracebackShown(click.ClickException):
    """The error's traceback is printed already: only its exit code is left to give."""

    exit_code = EXIT_FAILED

    def __init__(self) -> None:
        super().__init__("")


class _UsageTracebackShown(_TracebackShown):
    """The same, for an error in what was asked (exit code 2)."""

    exit_code = EXIT_USAGE


def _shown(code: int) -> _TracebackShown:
    return _UsageTracebackShown() if code == EXIT_USAGE else _TracebackShown()


def _app(ctx: click.Context) -> App:
    """The run's :class:`App`; one that redacts the default store URL before the group ran."""
    app = ctx.find_object(App)
    if app is None:
        from halt_core.storage import default_store_url

        app = App(store_url=default_store_url())
    return app


def _one_line(exc: click.ClickException) -> str:
    message = " ".join(exc.format_message().split())
    context = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and context is not None:
        message += f" (see '{context.command_path} --help')"
    return message


def sqlite_path(url: str) -> Path | None:
    """The file of an ``sqlite:///`` URL (as the SQLite store reads it), or None."""
    try:
        path = path_of(url)
    except HaltError:
        return None  # the store itself will say what is wrong with the URL
    return None if path is None else Path(path)


def counted(count: int, kinds: str) -> str:
    """``count`` of a record kind named in the plural: ``1 intervention``, ``2,000 partners``."""
    return f"{count:,} {kinds.removesuffix('s') if count == 1 else kinds}"


def fail(message: str) -> NoReturn:
    """Stop the command with one line: it was asked something wrong (exit code 2)."""
    raise CommandError(message)


def user_name() -> str:
    """Who is acting, for lifecycle events: ``$HALT_USER``, else the login name."""
    return os.environ.get("HALT_USER") or os.environ.get("USER") or "halt"
