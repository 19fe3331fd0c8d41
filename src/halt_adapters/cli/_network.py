"""``halt network``: who Halt works with in one arrondissement, and through what."""

from __future__ import annotations

import click

from halt_adapters.cli._context import App, pass_app
from halt_adapters.cli._output import (
    format_option,
    limit_of,
    limit_option,
    print_table,
    write_json_array,
    write_jsonl,
)
from halt_adapters.cli._parsing import arrondissement_of
from halt_adapters.cli._records import area_text
from halt_adapters.cli._summary import arrondissement_names
from halt_core.ids import ForumId, PartnerId
from halt_core.model import Area, Collaboration, Forum, Level, Partner
from halt_core.model.words import english

__all__ = ["network"]


@click.command(short_help="Who Halt works with in one arrondissement, and how.")
@click.option("--arrondissement", required=True, metavar="NAME", help="e.g. Amsterdam.")
@format_option("The JSON documents are the partners, each with its forums and collaborations.")
@limit_option()
@pass_app
def network(app: App, arrondissement: str, output: str, limit: int | None) -> None:
    """Show who Halt works with in one arrondissement, at each level, and through what.

    Every partner working in the arrondissement (locally or regionally), and every national
    partner met there, with the forums and collaborations in the arrondissement that link it
    to Halt. A table shows the first --limit partners, forums and collaborations (default
    50 each) and says how many more there are.
    """
    place = arrondissement_of(arrondissement)
    with app.store() as store, store.unit_of_work() as uow:
        gazetteer = store.gazetteer

        def here(area: Area) -> bool:
            return place.value in arrondissement_names(area, gazetteer)

        # Inside the arrondissement through its index column; what spans it among the few
        # records in no single arrondissement. Never the whole store.
        inside = Area.arrondissement(place)
        forums = [*uow.forums.query(area=inside)]
        forums += [f for f in uow.forums.query(spanning=True) if here(f.area)]
        collaborations = [*uow.collaborations.query(area=inside)]
        collaborations += [c for c in uow.collaborations.query(spanning=True) if here(c.area)]
        linked: dict[PartnerId, tuple[list[str], list[str]]] = {}
        for forum in forums:
            for member in forum.members:
                linked.setdefault(member, ([], []))[0].append(forum.name)
        for collaboration in collaborations:
            members = {*collaboration.partners}
            if collaboration.commissioner is not None:
                members.add(collaboration.commissioner)
            for member in members:
                linked.setdefault(member, ([], []))[1].append(collaboration.name)
        partners = [*uow.partners.query(area=inside)]
        partners += [p for p in uow.partners.query(spanning=True) if here(p.area)]
        held = {p.id for p in partners}
        partners += uow.partners.find_many(sorted(linked.keys() - held, key=str))
        forums.sort(key=lambda f: f.name)
        collaborations.sort(key=lambda c: c.name)
        shown = limit_of(limit, output)
        # Meetings are counted for the forums a table shows: one count(*) each.
        meetings = (
            {f.id: uow.meetings.count(owner=f.id) for f in forums[:shown]}
            if output == "table"
            else {}
        )
    partners.sort(key=lambda p: (_LEVELS.index(p.level), p.kind.value, p.name))
    if output != "table":
        documents = (_document(p, linked) for p in partners[:shown])
        if output == "json":
            write_json_array(documents)
        else:
            write_jsonl(documents)
        return
    print_table(
        app,
        f"Halt's network in arrondissement {place.value}",
        ("level", "partner", "kind", "area", "forums", "collaborations"),
        partners,
        lambda p: (
            p.level,
            p.name,
            p.kind,
            area_text(p.area, gazetteer),
            "; ".join(sorted(linked.get(p.id, ([], []))[0])),
            "; ".join(sorted(linked.get(p.id, ([], []))[1])),
        ),
        limit=shown,
    )
    _print_links(app, meetings, forums, collaborations, shown)


_LEVELS = [Level.NATIONAL, Level.REGIONAL, Level.LOCAL]


def _document(
    partner: Partner, linked: dict[PartnerId, tuple[list[str], list[str]]]
) -> dict[str, object]:
    forums, collaborations = linked.get(partner.id, ([], []))
    return {
        "id": str(partner.id),
        "name": partner.name,
        "kind": partner.kind.value,
        "level": partner.level.value,
        "forums": sorted(forums),
        "collaborations": sorted(collaborations),
    }


def _print_links(
    app: App,
    meetings: dict[ForumId, int],
    forums: list[Forum],
    collaborations: list[Collaboration],
    shown: int | None,
) -> None:
    app.console.print(
        f"\nThrough {len(forums)} forum(s) and {len(collaborations)} collaboration(s):",
        highlight=False,
    )
    for forum in forums[:shown]:
        role = english(forum.halt_role)
        app.console.print(
            f"  forum  {forum.name} ({forum.kind.value}); Halt is {role}; "
            f"{len(forum.members)} members, {meetings[forum.id]} meetings",
            highlight=False,
            markup=False,
        )
    _more(app, len(forums), shown, "forums")
    for collaboration in collaborations[:shown]:
        app.console.print(
            f"  collaboration  {collaboration.name} ({collaboration.kind.value}, "
            f"{collaboration.status.value}); {len(collaboration.partners)} partners",
            highlight=False,
            markup=False,
        )
    _more(app, len(collaborations), shown, "collaborations")


def _more(app: App, count: int, shown: int | None, what: str) -> None:
    if shown is not None and count > shown:
        app.console.print(
            f"  ... and {count - shown:,} more {what}: --limit 0 shows them all",
            highlight=False,
            markup=False,
        )
