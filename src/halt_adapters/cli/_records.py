"""``halt partners|forums|collaborations|interventions|referrals list/show``.

Each kind gets a group with the same two commands, built from one :class:`Kind` each: which
filters ``list`` takes and which columns it shows. Filters go to the store's indexed stream
(``Repository.stream``), so a list holds one page of records, however many match; the
writers of :mod:`halt_adapters.cli._output` print them as they come.
"""

from __future__ import annotations

import enum
import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import click
import msgspec
from rich.table import Table

from halt_adapters.cli._context import App, fail, pass_app
from halt_adapters.cli._output import (
    format_option,
    limit_of,
    limit_option,
    output_option,
    print_table,
    write_json_array,
    write_jsonl,
)
from halt_adapters.cli._parsing import arrondissement_of, choice_of, parse_id, period_of
from halt_core.errors import NotFound
from halt_core.model import (
    Area,
    AreaKind,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    Forum,
    ForumKind,
    Gazetteer,
    HaltRole,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Level,
    OffenceCategory,
    Partner,
    PartnerKind,
    Referral,
    ReferralStatus,
)
from halt_core.serialization import to_dict, to_json

__all__ = ["RECORD_GROUPS", "area_text"]


def area_text(area: Area, gazetteer: Gazetteer) -> str:
    """An area as people name it: a municipality's name, the arrondissement, ..."""
    try:
        if area.kind is AreaKind.MUNICIPALITY:
            return gazetteer.municipality(area.codes[0]).name
        if area.kind is AreaKind.SAFETY_REGION:
            return gazetteer.safety_region(area.codes[0]).name
    except LookupError:
        pass
    if area.kind is AreaKind.COUNTRY:
        return "Nederland"
    if area.kind is AreaKind.MUNICIPALITIES:
        return f"{len(area.codes)} municipalities"
    return " ".join(area.codes)


@attrs.frozen
class Filter:
    """One ``list`` option: its name, its choices (an enum), and the query argument it sets."""

    option: str
    argument: str
    choices: type[enum.Enum]
    help: str


@attrs.frozen
class Kind:
    """How one kind of record is listed and shown."""

    name: str
    singular: str
    type: type
    filters: tuple[Filter, ...]
    columns: tuple[str, ...]
    row: Callable[[Any, Gazetteer], Sequence[object]]
    by_period: bool = True


def _sessions(i: Intervention) -> str:
    if not i.sessions:
        return ""
    first = min(s.start for s in i.sessions)
    return f"{len(i.sessions)} from {first:%Y-%m-%d %H:%M}"


def _period(record: Any) -> str:
    period = record.period
    return f"{period.start} - {period.end or '...'}"


KINDS = (
    Kind(
        "partners",
        "partner",
        Partner,
        (
            Filter("--kind", "kind", PartnerKind, "Only this kind of organisation."),
            Filter("--level", "level", Level, "Only partners working at this level."),
        ),
        ("id", "name", "kind", "level", "area"),
        lambda p, g: (p.id, p.name, p.kind, p.level, area_text(p.area, g)),
        by_period=False,
    ),
    Kind(
        "forums",
        "forum",
        Forum,
        (
            Filter("--kind", "kind", ForumKind, "Only this kind of forum."),
            Filter("--role", "role", HaltRole, "Only forums where Halt has this role."),
        ),
        ("id", "name", "kind", "halt role", "area", "members", "period"),
        lambda f, g: (
            f.id,
            f.name,
            f.kind,
            f.halt_role,
            area_text(f.area, g),
            len(f.members),
            _period(f),
        ),
    ),
    Kind(
        "collaborations",
        "collaboration",
        Collaboration,
        (
            Filter("--kind", "kind", CollaborationKind, "Only this kind of collaboration."),
            Filter("--status", "status", CollaborationStatus, "Only this status."),
        ),
        ("id", "name", "kind", "status", "area", "partners", "period"),
        lambda c, g: (
            c.id,
            c.name,
            c.kind,
            c.status,
            area_text(c.area, g),
            len(c.partners),
            _period(c),
        ),
    ),
    Kind(
        "interventions",
        "intervention",
        Intervention,
        (
            Filter("--kind", "kind", InterventionKind, "Only this kind of work."),
            Filter("--status", "status", InterventionStatus, "Only this status."),
        ),
        ("id", "title", "kind", "status", "area", "requested", "sessions"),
        lambda i, g: (
            i.id,
            i.title,
            i.kind,
            i.status,
            area_text(i.area, g),
            i.requested_on,
            _sessions(i),
        ),
    ),
    Kind(
        "referrals",
        "referral",
        Referral,
        (
            Filter("--offence", "kind", OffenceCategory, "Only this category of offence."),
            Filter("--status", "status", ReferralStatus, "Only this status."),
        ),
        ("id", "referred", "offence", "age", "municipality", "status"),
        lambda r, g: (
            r.id,
            r.referred_on,
            r.offence,
            r.age_at_offence,
            _municipality_name(r.municipality, g),
            r.status,
        ),
    ),
)


def _municipality_name(code: str, gazetteer: Gazetteer) -> str:
    try:
        return gazetteer.municipality(code).name
    except NotFound:  # a code of another division: show it as stored
        return code


_FORMAT = output_option("A table for people, or JSON (the converter's documents) for other tools.")


def _list_command(kind: Kind) -> click.Command:
    @format_option(
        f"Each JSON document is a {kind.singular}'s, as 'halt export' writes it"
        + (", without its youth." if kind.type is Referral else ".")
    )
    @limit_option()
    @click.option("--arrondissement", metavar="NAME", help="Only records in this arrondissement.")
    @click.option(
        "--municipality", metavar="NAME", help="Only records in this municipality (name or code)."
    )
    @pass_app
    def command(
        app: App,
        /,
        output: str,
        limit: int | None,
        arrondissement: str | None,
        municipality: str | None,
        **chosen: str | None,
    ) -> None:
        with app.store() as store, store.unit_of_work() as uow:
            gazetteer = store.gazetteer
            criteria: dict[str, Any] = {}
            for f in kind.filters:
                value = chosen.get(f.argument)
                if value is not None and f.argument != "role":
                    criteria[f.argument] = f.choices(value)
            # Referrals too: the store places a referral by its municipality.
            area = _area(gazetteer, arrondissement, municipality)
            if area is not None:
                criteria["area"] = area
            period = period_of(chosen.get("start"), chosen.get("end"))
            if period is not None:
                criteria["period"] = period
            repository = uow.repository(kind.type)
            found: Iterator[Any] = repository.stream(**criteria)
            role = chosen.get("role")
            if role:  # not a store criterion: filtered as the records stream past
                found = (f for f in found if f.halt_role.value == role)
            at_most = limit_of(limit, output)
            if at_most is not None and output != "table":
                found = itertools.islice(found, at_most)
            if output == "jsonl":
                write_jsonl(map(_listed_json, found))
            elif output == "json":
                write_json_array(map(_listed_json, found))
            else:
                print_table(
                    app,
                    kind.name.capitalize(),
                    kind.columns,
                    found,
                    lambda r: kind.row(r, gazetteer),
                    limit=at_most,
                    # The store counts what it selects; a filter of its own counts by reading.
                    total=None if role else lambda: repository.count(**criteria),
                )

    for f in reversed(kind.filters):
        command = click.option(f.option, f.argument, type=choice_of(f.choices), help=f.help)(
            command
        )
    if kind.by_period:
        command = click.option(
            "--from", "start", metavar="DATE", help="Only records that run on or after this day."
        )(command)
        command = click.option(
            "--to", "end", metavar="DATE", help="Only records that run on or before this day."
        )(command)
    return click.command(
        "list",
        short_help=f"List the stored {kind.name}: a table, or JSON for tools.",
        help=f"List the stored {kind.name}, filtered: a table for people, or JSON for tools.\n\n"
        "Records are read a page at a time and written as they are read, so --format jsonl "
        "(or json) can list every one of a national store without holding them all; the "
        "table shows the first --limit rows and says how many more match.",
    )(command)


def _listed_json(record: Any) -> bytes:
    """A record's document in a list, as JSON: the converter's (as ``to_dict`` gives it).

    A list is for overviews: a youth's pseudonym is shown only by 'referrals show'. Other
    records are encoded by msgspec straight from the record, with no dict built between.
    """
    if type(record) is not Referral:
        return to_json(record)
    document = msgspec.json.decode(to_json(record))
    document.pop("youth", None)
    return msgspec.json.encode(document)


def _area(
    gazetteer: Gazetteer, arrondissement: str | None, municipality: str | None
) -> Area | None:
    if municipality is not None and arrondissement is not None:
        fail("give --municipality or --arrondissement, not both")
    if municipality is not None:
        code = municipality.upper()
        if code.startswith("GM"):
            gazetteer.municipality(code)  # NotFound for an unknown code
        else:
            code = gazetteer.find(municipality).code
        return Area.municipality(code)
    if arrondissement is not None:
        return Area.arrondissement(arrondissement_of(arrondissement))
    return None


def _show_command(kind: Kind) -> click.Command:
    @click.command("show", help=f"Show one {kind.singular} in full, with its stored version.")
    @click.argument("record_id", metavar="ID")
    @_FORMAT
    @pass_app
    def command(app: App, record_id: str, output: str) -> None:
        wanted = parse_id(record_id, kind.singular)
        with app.store() as store, store.unit_of_work() as uow:
            read = uow.repository(kind.type).get_versioned(wanted)
        record, version = read.value, read.version
        document = to_dict(record)
        document.pop("schema_version", None)
        if output == "json":
            # The stored version first: what --if-version takes to change it safely later.
            with_version = {"version": version, **document}
            click.echo(json.dumps(with_version, ensure_ascii=False, indent=2))
            return
        table = Table(
            title=f"{kind.singular.capitalize()} {wanted} (version {version})",
            title_justify="left",
        )
        table.add_column("field")
        table.add_column("value", overflow="fold")
        for field, value in document.items():
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            table.add_row(field, shown)
        app.console.print(table)

    return command


def _group(kind: Kind) -> click.Group:
    group = click.Group(kind.name, help=f"The {kind.name}: list them, or show one.")
    group.add_command(_list_command(kind))
    group.add_command(_show_command(kind))
    return group


RECORD_GROUPS = tuple(_group(kind) for kind in KINDS)
"""The ``list``/``show`` groups of every kind of record."""
