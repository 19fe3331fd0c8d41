"""``halt notify``: deliver the outbox through notifiers; status, dead letters and retries."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence

import click
from rich.table import Table

from halt_adapters.cli._context import EXIT_FAILED, App, CommandError, pass_app
from halt_adapters.notify.dispatcher import Dispatcher, Round
from halt_core.errors import InvalidValue
from halt_core.notify import DeliveryState, Notifier, NotifierUnavailable, RetryPolicy
from halt_core.plugins import notification_routes, open_notifier, sharing_policy
from halt_core.storage import Store

__all__ = ["NOTIFIERS_VARIABLE", "notify"]

NOTIFIERS_VARIABLE = "HALT_NOTIFIERS"
"""Notifier URLs, separated by spaces, for when no ``--notifier`` is given."""


@click.group(
    invoke_without_command=True,
    short_help="Deliver the outbox: e-mail, webhooks, the log; status and dead letters.",
)
@click.option(
    "--notifier",
    "urls",
    metavar="URL",
    multiple=True,
    help="A notifier: log:, smtp://host?from=ADDR, webhook+https://host/path. Repeatable; "
    f"default ${NOTIFIERS_VARIABLE} (URLs separated by spaces).",
)
@click.option("--once", is_flag=True, help="Deliver what is due, print counts and stop.")
@click.option(
    "--max-attempts",
    type=click.IntRange(1, 100),
    default=8,
    show_default=True,
    help="Attempts before a delivery becomes a dead letter.",
)
@click.option(
    "--min-backoff",
    type=click.FloatRange(0, 86_400),
    default=30.0,
    show_default=True,
    help="Seconds to wait after a first failure; doubles with each (0 retries at once).",
)
@click.option(
    "--idle",
    type=click.FloatRange(0.05, 3600),
    default=2.0,
    show_default=True,
    help="Seconds to wait between rounds when nothing was due (without --once).",
)
@pass_app
@click.pass_context
def notify(
    ctx: click.Context,
    app: App,
    urls: Sequence[str],
    once: bool,
    max_attempts: int,
    min_backoff: float,
    idle: float,
) -> None:
    """Deliver the store's outbox through notifiers, retrying failures; never loses one.

    Each event goes to the partners the routes name (by e-mail) and to every webhook and log
    once. Failed deliveries are tried again with growing waits; after --max-attempts, or a
    refusal no retry cures, they become dead letters ('halt notify dead-letters'), reported
    through the notifiers themselves. With --once: deliver what is due and stop, exit code 1
    if a delivery became a dead letter. Without: keep running until interrupted.

    Every notifier is opened and its target reached before anything is taken from the
    outbox, so bad configuration stops here with one line. Webhooks sign with
    $HALT_WEBHOOK_SECRET; SMTP logs in with $HALT_SMTP_PASSWORD.
    """
    if ctx.invoked_subcommand is not None:
        return
    policy = _policy(max_attempts, min_backoff)
    with _notifiers(urls) as notifiers, app.store() as store:
        dispatcher = Dispatcher(
            store,
            notifiers,
            policy=policy,
            routes=notification_routes(),
            sharing=sharing_policy(),
        )
        names = ", ".join(n.name for n in notifiers)
        if once:
            done = dispatcher.run_once()
            app.console.print(_summary(done), highlight=False)
            if done.dead:
                ctx.exit(EXIT_FAILED)
            return
        app.say(f"Delivering from {app.store_name} through {names}; Ctrl+C stops.")
        stop = threading.Event()
        total = Round()
        try:
            total = dispatcher.run(stop, idle=idle, on_round=_progress(app))
        except KeyboardInterrupt:
            stop.set()
        app.say(_summary(total))


def _policy(max_attempts: int, min_backoff: float) -> RetryPolicy:
    try:
        return RetryPolicy(
            max_attempts=max_attempts,
            min_backoff=min_backoff,
            max_backoff=max(min_backoff, RetryPolicy().max_backoff),
        )
    except InvalidValue as exc:
        raise CommandError(str(exc), dutch=(exc.message("nl"), ())) from None


@contextlib.contextmanager
def _notifiers(urls: Sequence[str]) -> Iterator[list[Notifier]]:
    """The notifiers, opened and checked; one line naming the first that cannot be used."""
    given = list(urls) or os.environ.get(NOTIFIERS_VARIABLE, "").split()
    if not given:
        raise CommandError(
            f"no notifier: give --notifier URL (log:, smtp://host?from=ADDR, "
            f"webhook+https://host/path), or set {NOTIFIERS_VARIABLE}"
        )
    opened: list[Notifier] = []
    try:
        for url in given:
            notifier = open_notifier(url)
            opened.append(notifier)
            notifier.check()
        yield opened
    except NotifierUnavailable as exc:
        raise CommandError(str(exc), dutch=(exc.message("nl"), ())) from None
    finally:
        for notifier in opened:
            with contextlib.suppress(Exception):
                notifier.close()


def _summary(done: Round) -> str:
    text = (
        f"Routed {done.routed} event(s) into {done.queued} deliveries; delivered "
        f"{done.delivered}, {done.retrying} to retry, {done.dead} dead letter(s)."
    )
    if done.lost_lease:
        text += f" {done.lost_lease} sent after their lease ran out (may be sent twice)."
    return text


def _progress(app: App) -> Callable[[Round], None]:
    """A progress line on a terminal, rewritten when the counts change; nothing otherwise."""
    last: list[Round] = [Round()]

    def show(total: Round) -> None:
        if total != last[0] and app.errors.is_terminal:
            app.errors.print(_summary(total), highlight=False, end="\r")
        last[0] = total

    return show


@notify.command(short_help="Deliveries by notifier and state; events not yet routed.")
@pass_app
def status(app: App) -> None:
    """Count the events waiting in the outbox and each notifier's deliveries by state."""
    with app.store() as store, store.unit_of_work() as uow:
        waiting = len(uow.outbox.pending())
        counts = uow.deliveries.counts()
    table = Table(title="Deliveries", title_justify="left")
    table.add_column("notifier")
    for state in DeliveryState:
        table.add_column(state.value, justify="right")
    for name in sorted({notifier for notifier, _ in counts}):
        table.add_row(name, *(str(counts.get((name, state), 0)) for state in DeliveryState))
    app.console.print(f"Events not yet routed: {waiting}", highlight=False)
    app.console.print(table)
    pending = waiting + sum(n for (_, state), n in counts.items() if state is DeliveryState.PENDING)
    app.console.print(
        "Nothing pending." if pending == 0 else f"Pending: {pending}", highlight=False
    )


@notify.command("dead-letters", short_help="The deliveries given up on, with their last error.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True)
@pass_app
def dead_letters(app: App, limit: int) -> None:
    """List the dead letters: deliveries given up on, newest first, with why."""
    with app.store() as store, store.unit_of_work() as uow:
        dead = uow.deliveries.listed(DeliveryState.DEAD, limit)
    if not dead:
        app.console.print("No dead letters.", highlight=False)
        return
    table = Table(title=f"Dead letters ({len(dead)})", title_justify="left")
    for column in ("id", "event", "notifier", "recipient", "attempts", "last error"):
        table.add_column(column, overflow="fold")
    for d in dead:
        table.add_row(
            str(d.id), d.event_type, d.notifier, d.recipient, str(d.attempts), d.last_error or ""
        )
    app.console.print(table)


@notify.command(short_help="Send dead letters again: by id, or --all.")
@click.argument("ids", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every dead letter.")
@pass_app
def retry(app: App, ids: Sequence[str], every: bool) -> None:
    """Make dead letters pending again, due now, with their attempts counted afresh."""
    if bool(ids) == every:
        raise CommandError("give the ids of dead letters ('halt notify dead-letters'), or --all")
    chosen = None if every else [_delivery_id(text) for text in ids]
    with app.store() as store:
        count = _retry(store, chosen)
    app.console.print(f"{count} dead letter(s) will be sent again.", highlight=False)
    if chosen is not None and count < len(chosen):
        app.say(f"{len(chosen) - count} of the ids given are not dead letters; left as they are.")


def _retry(store: Store, ids: list[uuid.UUID] | None) -> int:
    with store.unit_of_work() as uow:
        return uow.deliveries.retry(ids, now=dt.datetime.now(dt.UTC))


def _delivery_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise CommandError(
            f"{text[:40]!r} is not a delivery id; 'halt notify dead-letters' lists them"
        ) from None
