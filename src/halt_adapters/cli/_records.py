"""``halt partners|forums|collaborations|interventions|referrals list/show``.

Each kind gets a group with the same two commands, built from one :class:`Kind` each: which
filters ``list`` takes and which columns it shows. Filters go to the store's indexed query.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import click
from rich.table import Table

from halt_adapters.cli._context import (
    App,
    arrondissement_of,
    choice_of,
    emit,
    fail,
    output_option,
    parse_id,
    pass_app,
    period_of,
)
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
from halt_core.serialization import to_dict

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
    @_FORMAT
    @click.option("--arrondissement", metavar="NAME", help="Only records in this arrondissement.")
    @click.option(
        "--municipality", metavar="NAME", help="Only records in this municipality (name or code)."
    )
    @pass_app
    def command(
        app: App,
        /,
        output: str,
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
            area = _area(gazetteer, arrondissement, municipality)
            if area is not None and kind.type is not Referral:
                criteria["area"] = area
            period = period_of(chosen.get("start"), chosen.get("end"))
            if period is not None:
                criteria["period"] = period
            found: list[Any] = list(uow.repository(kind.type).query(**criteria))
        if chosen.get("role"):
            found = [f for f in found if f.halt_role.value == chosen["role"]]
        if area is not None and kind.type is Referral:
            inside = gazetteer.municipality_codes_in(area)
            found = [r for r in found if r.municipality in inside]
        emit(
            app,
            output,
            kind.name.capitalize(),
            kind.columns,
            (kind.row(r, gazetteer) for r in found),
            documents=(_listed(r) for r in found),
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
    return click.command("list", help=f"List the stored {kind.name}, filtered.")(command)


def _listed(record: Any) -> Any:
    document = to_dict(record)
    # A list is for overviews: a youth's pseudonym is shown only by 'referrals show'.
    if type(record) is Referral:
        document.pop("youth", None)
    return document


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
