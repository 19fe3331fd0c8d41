"""A readable summary of a network: what ``halt demo`` prints after filling the store."""

from __future__ import annotations

from collections import Counter

from rich.table import Table

from halt_adapters.cli._context import App, counted
from halt_core.model import AreaKind, Gazetteer, Network
from halt_core.model.geography import Area
from halt_core.model.words import english

__all__ = ["arrondissement_names", "print_summary"]


def arrondissement_names(area: Area, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The arrondissementen ``area`` lies in; none for the whole country or an unknown area."""
    if area.kind is AreaKind.COUNTRY or not gazetteer.knows(area):
        return ()
    return tuple(sorted(a.value for a in gazetteer.arrondissements_of(area)))


def print_summary(app: App, network: Network, gazetteer: Gazetteer, *, title: str) -> None:
    """Print the counts, the spread over arrondissementen, Halt's forums and the work."""
    counts = ", ".join(counted(n, name) for name, n in network.counts().items())
    app.console.print(f"[bold]{title}[/bold]: {counts}.", highlight=False)

    rows: dict[str, Counter[str]] = {}
    for name in ("partners", "forums", "collaborations", "interventions"):
        for record in getattr(network, name):
            places = arrondissement_names(record.area, gazetteer) or ("(national)",)
            place = places[0] if len(places) == 1 else "(several)"
            rows.setdefault(place, Counter())[name] += 1
    for referral in network.referrals:
        place = gazetteer.arrondissement_of(referral.municipality).value
        rows.setdefault(place, Counter())["referrals"] += 1
    table = Table(title="Where Halt works, by arrondissement", title_justify="left")
    columns = ("partners", "forums", "collaborations", "interventions", "referrals")
    table.add_column("arrondissement")
    for column in columns:
        table.add_column(column, justify="right")
    for place in sorted(rows, key=lambda p: (p.startswith("("), p)):
        table.add_row(place, *(f"{rows[place][c]:,}" for c in columns))
    app.console.print(table)

    roles = Counter(english(f.halt_role) for f in network.forums)
    statuses = Counter(i.status.value for i in network.interventions)
    app.console.print(
        "Halt sits in "
        + f"{len(network.forums)} forums: "
        + ", ".join(f"{n} as {role}" for role, n in roles.most_common())
        + ".",
        highlight=False,
    )
    app.console.print(
        "Interventions by status: "
        + ", ".join(f"{n:,} {status}" for status, n in statuses.most_common())
        + ".",
        highlight=False,
    )
