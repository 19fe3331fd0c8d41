"""``halt demo``: fill the store with the demo network, check it, and summarise it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import click

from halt_adapters.cli._check import print_report
from halt_adapters.cli._context import App, counted, fail, pass_app
from halt_adapters.cli._summary import print_summary
from halt_core.demo import SIZES, SPREADS, Spread, generate
from halt_core.model import Network
from halt_core.plugins import rule_set
from halt_core.storage import RECORD_KINDS, UnitOfWork

__all__ = ["demo"]

_BATCH = 2000  # records per add_many call: the saving bar moves after each batch
_MOST = 100_000  # the largest size asked for by number; national is 55,000


def _demo_size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """The number of ``--size``: a named size's (:data:`~halt_core.demo.SIZES`), or the number."""
    text = value.strip().lower()
    if text in SIZES:
        return SIZES[text]
    try:
        number = int(text)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is neither a named size nor a number: pick one of "
            f"{', '.join(SIZES)}, or a whole number from 1 to {_MOST:,}",
            ctx,
            param,
        ) from None
    if not 1 <= number <= _MOST:
        raise click.BadParameter(
            f"{number} is not a size: pick one of {', '.join(SIZES)}, or a whole number "
            f"from 1 to {_MOST:,}",
            ctx,
            param,
        )
    return number


@click.command(short_help="Fill the store with the demo network and summarise it.")
@click.option("--seed", default=2024, show_default=True, help="The same seed, the same network.")
@click.option(
    "--size",
    default="small",
    show_default=True,
    metavar="NAME|NUMBER",
    callback=_demo_size,
    help=(
        f"small ({SIZES['small']:,} partners, about 3,800 records in all), "
        f"region ({SIZES['region']:,} partners, about 100,000 records) or "
        f"national ({SIZES['national']:,} partners, about 1,000,000 records; generating "
        "and saving take minutes); or a number: about how many partners, the rest scales "
        "with it."
    ),
)
@click.option(
    "--spread",
    default=SPREADS[0],
    show_default=True,
    type=click.Choice(SPREADS),
    help="people: each arrondissement gets work by its inhabitants; even: each gets the same "
    "share of the local and regional records (for benchmarks).",
)
@pass_app
def demo(app: App, seed: int, size: int, spread: Spread) -> None:
    """Fill the store with the demo network, check it with the rules, and summarise it.

    The demo network has the real municipalities and arrondissementen, plausible partners,
    forums, collaborations, interventions and pseudonymous referrals, dated around
    1 September 2026. Run it again and it finds the network already there. On a terminal
    a progress bar shows what is being generated and saved; at the end it says what it
    saved and how long that took. Nothing is saved when it fails or is interrupted.
    """
    started = time.monotonic()
    with _Phases(app, "Generating") as phases:
        made = generate(seed=seed, size=size, spread=spread, progress=phases)
    generated = time.monotonic()
    network = made.network
    saved = False
    with app.store(must_exist=False) as store:
        with store.unit_of_work() as uow:
            held = {repo.kind.name: repo.count() for repo in uow.repositories()}
            if not any(held.values()):
                _save(app, uow, network)
                uow.commit()
                saved = True
            elif held == network.counts() and _holds(uow, network):
                app.say(f"{app.store_name} already holds this demo network.")
                network = uow.load_network()  # as it is now, with any changes made since
            else:
                fail(
                    f"{app.store_name} already holds {sum(held.values()):,} records of "
                    "another network: pass --store with a new file (e.g. --store "
                    "sqlite:///demo.sqlite3), or the same --seed and --size as before"
                )
        stored = time.monotonic()
        rules = rule_set()
        with app.progress("Checking the rules"):
            report = rules.check(network, gazetteer=store.gazetteer, now=made.now)
    spread_shown = "" if spread == SPREADS[0] else f", spread {spread}"
    print_summary(
        app,
        network,
        store.gazetteer,
        title=f"Demo network (seed {seed}, size {size}{spread_shown})",
    )
    app.console.print(f"\nRule check as of {made.now:%d %B %Y %H:%M}:", highlight=False)
    print_report(app, report, "en", len(rules))
    app.console.print(
        "\nNext: 'halt network --arrondissement Amsterdam', 'halt interventions list', "
        "'halt check --lang nl', 'halt export --format xlsx --out network.xlsx'.",
        highlight=False,
    )
    if saved:
        counts = network.counts()
        app.say(
            f"Saved the demo network in {app.store_name}: "
            + ", ".join(counted(n, kind) for kind, n in counts.items())
            + f" ({sum(counts.values()):,} records) in {_took(stored - started)} "
            f"(generating {_took(generated - started)}, saving {_took(stored - generated)})."
        )


class _Phases:
    """Progress bars for the phases of generating a demo: one bar per kind of record.

    Called with ``(kind, done, total)`` (a :data:`halt_core.demo.Progress`): a new kind
    ends the bar of the one before and starts its own (``Generating meetings``).
    """

    def __init__(self, app: App, verb: str) -> None:
        self.app = app
        self.verb = verb
        self.bars = contextlib.ExitStack()
        self.kind: str | None = None
        self.advance: Callable[..., None] = lambda *_: None

    def __enter__(self) -> _Phases:
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.close()

    def __call__(self, kind: str, done: int, total: int) -> None:
        if kind != self.kind:
            self.bars.close()
            self.kind = kind
            self.advance = self.bars.enter_context(self.app.progress(f"{self.verb} {kind}", total))
        self.advance(done, total)


def _took(seconds: float) -> str:
    """A duration as people read it: ``0.4 s``, ``12 s``, ``3 min 5 s``."""
    if round(seconds, 1) < 10:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _holds(uow: UnitOfWork, network: Network) -> bool:
    """Whether the store holds the first and last record of each kind of ``network``."""
    for kind in RECORD_KINDS.values():
        records = getattr(network, kind.name)
        repository = getattr(uow, kind.name)
        if records and any(repository.find(r.id) is None for r in (records[0], records[-1])):
            return False
    return True


def _save(app: App, uow: UnitOfWork, network: Network) -> None:
    """Add every record of ``network`` in batches of :data:`_BATCH`, a bar for each kind.

    All in the one unit of work the caller commits: a failure (or Ctrl+C) leaves nothing.
    """
    with _Phases(app, "Saving") as phases:
        for kind in RECORD_KINDS.values():
            records = getattr(network, kind.name)
            done = 0
            for start in range(0, len(records), _BATCH):
                done += getattr(uow, kind.name).add_many(records[start : start + _BATCH])
                phases(kind.name, done, len(records))
