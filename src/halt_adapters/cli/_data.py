"""``halt init``, ``halt demo``, ``halt import`` (and ``halt export``, from ``_export``)."""

from __future__ import annotations

import codecs
import contextlib
import itertools
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import click
import msgspec

from halt_adapters.cli._check import print_report
from halt_adapters.cli._context import (
    App,
    CommandError,
    counted,
    fail,
    pass_app,
)
from halt_adapters.cli._export import export
from halt_adapters.cli._summary import print_summary
from halt_adapters.export.jsonfiles import export_header, read_json, read_jsonl
from halt_core.demo import SIZES, SPREADS, Spread, generate
from halt_core.errors import InvalidDocument
from halt_core.export import PersonalData
from halt_core.importing import MAX_PROBLEMS, ImportRefused, ImportReport, import_records
from halt_core.model import Meeting, Network, Record, Referral
from halt_core.plugins import rule_set
from halt_core.serialization import from_json
from halt_core.storage import RECORD_KINDS, UnitOfWork

__all__ = ["demo", "export", "import_", "init"]

_BATCH = 2000


@click.command(short_help="Create the store and say where it is.")
@pass_app
def init(app: App) -> None:
    """Create the store (tables and all) if it is not there yet, and say where it is."""
    with app.store(must_exist=False) as store, store.unit_of_work() as uow:
        held = sum(repo.count() for repo in uow.repositories())
    app.console.print(
        f"Store ready at {app.store_name} "
        f"(schema version {store.schema_version}, {held:,} records).",
        highlight=False,
        markup=False,
    )


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


_MOST = 100_000  # the largest size asked for by number; national is 55,000


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


@click.command("import", short_help="Add the records of a .json or .jsonl export: all or nothing.")
@click.argument("file", metavar="FILE")
@click.option(
    "--accept-pseudonymised",
    is_flag=True,
    help="Import an export whose youths were pseudonymised: store their tokens as they are.",
)
@click.option(
    "--allow-rule-errors",
    is_flag=True,
    help="Import records the rules find errors in, and list those errors. Unknown places, "
    "repeated or stored ids and references to absent records are refused all the same.",
)
@pass_app
def import_(app: App, file: str, accept_pseudonymised: bool, allow_rule_errors: bool) -> None:
    """Add the records of FILE (a .json or .jsonl export; - for standard input): all or nothing.

    Every record is checked before anything is stored, and one wrong record stops the whole
    import; the problems are listed (at most 20, then how many more), each with the line (or
    path) of its record. Refused are: an area, municipality, safety region or arrondissement
    the municipal division does not know; an id given twice in FILE, or one the store already
    holds; a reference to a record neither in FILE nor in the store. Then the rules check
    the records: their errors refuse the import too, unless --allow-rule-errors, which
    imports them and lists the errors it let through.

    An export made with personal data of youths pseudonymised (the default of 'halt
    export') holds tokens instead of the stored pseudonyms: its referrals and agenda cases
    are refused unless --accept-pseudonymised says to store the tokens anyway. To move data
    between stores, export with --personal-data include and --free-text keep (an export
    leaves free text out by default). The store is created if it is not there yet.
    """
    name, stream, size = _opened(file)
    with stream:
        # JSON Lines: the header line, the rest streamed; JSON: the whole document.
        head = stream.readline().removeprefix(codecs.BOM_UTF8)  # some editors add one
        is_lines = _is_lines(file, head)
        if not is_lines:
            head += stream.read()
        header = export_header(head)
        tokens = header.get("personal_data_mode") == PersonalData.PSEUDONYMISE.value
        lines = _Lines(head, stream)
        located: Iterable[tuple[str, Record]] = lines.records() if is_lines else _json_records(head)
        if tokens and not accept_pseudonymised:
            located = _without_tokens(located, name)
        with (
            app.store(must_exist=False) as store,
            store.unit_of_work() as uow,
            app.progress(f"Importing {Path(name).name}", size) as advance,
        ):
            try:
                report = import_records(
                    uow,
                    located,
                    source=Path(name).name if file != "-" else name,
                    allow_rule_errors=allow_rule_errors,
                    rules=rule_set(),
                    progress=lambda _: advance(lines.read),
                )
            except ImportRefused as refused:
                raise _refusal(refused) from refused
            if not report.total:
                fail(f"{name} holds no records: is it a file 'halt export' wrote?")
    counts = ", ".join(counted(n, kind) for kind, n in report.added.items()) or "no records"
    app.console.print(f"Imported {counts} from {name}.", highlight=False, markup=False)
    _say_let_through(app, report)


def _refusal(refused: ImportRefused) -> CommandError:
    """The one-line error of a refused import, its problems listed under it.

    Under ``--lang nl`` it is the Dutch of the refusal (:meth:`ImportRefused.in_dutch`).
    """
    noun = "problem" if refused.count == 1 else "problems"
    details = [f"{problem.path}: {problem.message}" for problem in refused.problems]
    if refused.count > len(refused.problems):
        details.append(f"... and {refused.count - len(refused.problems)} more")
    head, *lines = refused.in_dutch().split("\n")
    return CommandError(
        f"nothing was imported: {refused.source} has {refused.count} {noun}; fix them (or "
        "leave those records out) and import again",
        details,
        dutch=(head.rstrip(":"), [line.removeprefix("  - ") for line in lines]),
    )


def _say_let_through(app: App, report: ImportReport) -> None:
    """List the rule errors --allow-rule-errors let through (at most MAX_PROBLEMS)."""
    errors = report.let_through
    if errors:
        app.say(
            f"Let through {len(errors):,} rule error(s) in the imported records, as "
            "--allow-rule-errors asks; 'halt check' lists every error in the store:"
        )
        for violation in errors.violations[:MAX_PROBLEMS]:
            where = report.where(violation)
            app.say(
                f"  - {where + ': ' if where else ''}{violation.rule_id}: {violation.message('en')}"
            )
        if len(errors) > MAX_PROBLEMS:
            app.say(f"  ... and {len(errors) - MAX_PROBLEMS:,} more")
    others = len(report.violations) - len(errors)
    if others:
        app.say(
            f"The rules have {others:,} warning(s) or advice about the imported records: "
            "'halt check' lists them."
        )


def _opened(file: str) -> tuple[str, BinaryIO, int | None]:
    """The name, the open binary stream and the size (if known) of ``FILE``."""
    if file == "-":
        return "standard input", sys.stdin.buffer, None
    path = Path(file)
    if path.is_dir():
        fail(f"{file} is a folder: import reads one .json or .jsonl file")
    if path.suffix.lower() not in (".json", ".jsonl"):
        fail(f"{file}: import reads .json and .jsonl files (as 'halt export' writes)")
    try:
        return file, path.open("rb"), path.stat().st_size
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")


def _is_lines(file: str, first: bytes) -> bool:
    """Whether the input is JSON Lines: by its extension, or for - by its first line."""
    if file != "-":
        return file.lower().endswith(".jsonl")
    # A JSON Lines export's first line is its whole header; a JSON export's first line is not
    # a whole document (or, written on one line, holds the record kinds too).
    try:
        keys = set(msgspec.json.decode(first, type=dict[str, msgspec.Raw]))
    except msgspec.MsgspecError:
        return False
    return "export" in keys and not keys & {kind.name for kind in RECORD_KINDS.values()}


class _Lines:
    """The lines of a JSON Lines export as they are read: how many bytes, which line."""

    def __init__(self, first: bytes, stream: BinaryIO) -> None:
        self.first = first
        self.stream = stream
        self.read = 0
        self.number = 0

    def _lines(self) -> Iterator[bytes]:
        for line in itertools.chain((self.first,), self.stream):
            self.read += len(line)
            self.number += 1
            yield line

    def records(self) -> Iterator[tuple[str, Record]]:
        """Each record with its line: read_jsonl has read exactly up to it when it gives it."""
        for record in read_jsonl(self._lines()):
            yield f"line {self.number}", record


def _json_records(data: bytes) -> list[tuple[str, Record]]:
    """The records of a JSON export, each with its path (``$.partners[3]``)."""
    try:
        network = read_json(data)
    except InvalidDocument:
        # An id repeated within a kind stops read_json when it builds the network. Read the
        # records one by one instead, so the import names each repeated id and its places.
        repeated = _repeating(data)
        if repeated is None:
            raise
        return repeated
    return [
        (f"$.{kind.name}[{index}]", record)
        for kind in RECORD_KINDS.values()
        for index, record in enumerate(getattr(network, kind.name))
    ]


def _repeating(data: bytes) -> list[tuple[str, Record]] | None:
    """The records of a JSON export read one by one; None when any is unreadable."""
    try:
        document = msgspec.json.decode(data, type=dict[str, msgspec.Raw])
        found: list[tuple[str, Record]] = []
        for kind in RECORD_KINDS.values():
            if kind.name not in document:
                continue
            raws = msgspec.json.decode(document[kind.name], type=list[msgspec.Raw])
            found += [
                (f"$.{kind.name}[{index}]", from_json(bytes(raw), kind.type))
                for index, raw in enumerate(raws)
            ]
    except (msgspec.MsgspecError, InvalidDocument):
        return None
    return found


def _without_tokens(
    records: Iterable[tuple[str, Record]], name: str
) -> Iterator[tuple[str, Record]]:
    """``records``, stopping at the first that holds a youth's export token."""
    for where, record in records:
        if type(record) is Referral or (type(record) is Meeting and record.cases):
            fail(
                f"{name} was exported with personal data of youths pseudonymised: its "
                "youths are tokens, not the stored pseudonyms. Import an export made with "
                "--personal-data include --free-text keep (and a --purpose), or pass "
                "--accept-pseudonymised "
                "to store the tokens"
            )
        yield where, record
