"""The ``halt`` command: halt_core from a terminal.

Every subcommand takes ``--help``. The store is ``--store URL``, else ``$HALT_STORE_URL``,
else the SQLite file in the per-user data folder (``halt init`` prints where). Exit codes:
0 when the command did what was asked, 1 when it failed or (``halt check``) found errors,
2 when it was asked something wrong (bad option, unknown id, bad date or file, unknown
format). Errors are one line; ``--debug`` shows the traceback instead. Needs the ``cli``
extra: ``pip install "halt-core[cli]"``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import click

from halt_adapters.cli._check import check
from halt_adapters.cli._context import App, CommandError, HaltGroup
from halt_adapters.cli._data import export, import_, init
from halt_adapters.cli._demo import demo
from halt_adapters.cli._lifecycle import advance, plan
from halt_adapters.cli._network import network
from halt_adapters.cli._notify import notify
from halt_adapters.cli._plugins import plugins
from halt_adapters.cli._privacy import erase, hold, purge_command, subject_access
from halt_adapters.cli._records import RECORD_GROUPS
from halt_adapters.cli._schema import schema
from halt_core.errors import LANGUAGES, Language
from halt_core.storage import STORE_URL_VARIABLE, default_store_url

__all__ = ["LANGUAGE_VARIABLE", "TRACE_VARIABLE", "cli", "main"]

LANGUAGE_VARIABLE = "HALT_LANG"
"""Set to ``nl`` for Dutch errors and reports, as ``--lang nl`` does."""

TRACE_VARIABLE = "HALT_TRACE_PLUGINS"
"""Set to 1 to trace plugin hook calls, as ``--trace-plugins`` does."""


@click.group("halt", cls=HaltGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_url",
    metavar="URL",
    envvar=STORE_URL_VARIABLE,
    show_envvar=True,
    help="The store: sqlite:///path, postgresql://..., memory://. "
    "Default: an SQLite file in your data folder.",
)
@click.option("--debug", is_flag=True, help="Show a traceback instead of a one-line error.")
@click.option(
    "--lang",
    "language",
    type=click.Choice(LANGUAGES),
    default="en",
    envvar=LANGUAGE_VARIABLE,
    show_envvar=True,
    show_default=True,
    help="The language of errors and of 'halt check' reports: en or nl.",
)
@click.option(
    "--trace-plugins",
    is_flag=True,
    envvar=TRACE_VARIABLE,
    show_envvar=True,
    help="Log every plugin hook call (plugin, arguments, time) to standard error.",
)
@click.version_option(package_name="halt-core", prog_name="halt")
@click.pass_context
def cli(
    ctx: click.Context,
    store_url: str | None,
    debug: bool,
    language: Language,
    trace_plugins: bool,
) -> None:
    """Halt's collaboration network: partners, forums, collaborations, interventions, referrals.

    Start with 'halt demo' to fill the default store with the demo network.
    """
    # The run's settings first, so even the error below is in the language asked for.
    ctx.obj = App(store_url=store_url or default_store_url(), debug=debug, language=language)
    if store_url is not None and not store_url.strip():
        raise CommandError(
            "--store (or HALT_STORE_URL) is empty: give a store URL such as "
            "sqlite:///halt.sqlite3, or leave it out for the default store"
        )
    if trace_plugins:
        _trace_plugins()


def _trace_plugins() -> None:
    """Send the hook-call trace (logger ``halt_core.plugins.trace``) to standard error."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("trace: %(message)s"))
    trace = logging.getLogger("halt_core.plugins.trace")
    trace.addHandler(handler)
    trace.setLevel(logging.DEBUG)


for command in (
    init,
    demo,
    check,
    network,
    import_,
    export,
    plan,
    advance,
    notify,
    plugins,
    schema,
    purge_command,
    hold,
    erase,
    subject_access,
):
    cli.add_command(command)
for group in RECORD_GROUPS:
    cli.add_command(group)


def main(argv: Sequence[str] | None = None) -> None:
    """Run ``halt`` (the console script) with ``argv`` or the process's arguments."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="halt")
