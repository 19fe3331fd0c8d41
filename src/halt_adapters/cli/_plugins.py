"""``halt plugins``: what is installed, what each plugin implements, which formats exist."""

from __future__ import annotations

import click
from rich.table import Table

from halt_adapters.cli._context import App, pass_app
from halt_core.plugins import broken_plugins, exporters, installed_plugins, store_schemes

__all__ = ["plugins"]


@click.command(short_help="The installed plugins, store schemes and export formats.")
@pass_app
def plugins(app: App) -> None:
    """List the installed plugins with their hooks, the store schemes and the export formats.

    Plugins that could not be loaded, or failed in a hook, are listed last with the cause
    (set HALT_STRICT_PLUGINS=1 to make them errors; HALT_BLOCK_PLUGINS=name skips one).
    """
    table = Table(title="Plugins", title_justify="left")
    for column in ("plugin", "package", "hooks"):
        table.add_column(column)
    for info in installed_plugins():
        table.add_row(info.name, info.distribution or "", ", ".join(info.hooks))
    app.console.print(table)
    formats = Table(title="Export formats", title_justify="left")
    for column in ("format", "media type", "extension", "what it writes"):
        formats.add_column(column)
    for name, exporter in exporters().items():
        formats.add_row(name, exporter.media_type, exporter.extension, exporter.description)
    app.console.print(formats)
    schemes = ", ".join(f"{s}://" for s in store_schemes())
    app.console.print(f"Store schemes: {schemes}", highlight=False)
    broken = broken_plugins()  # after the hooks above were called: a raising one is in it
    if broken:
        skipped = Table(title="Broken plugins (skipped)", title_justify="left")
        for column in ("plugin", "package", "hook", "cause", "to skip it"):
            skipped.add_column(column, overflow="fold")
        for plugin in broken:
            skipped.add_row(
                plugin.name,
                plugin.distribution or "",
                plugin.hook or "(all)",
                plugin.cause,
                f"HALT_BLOCK_PLUGINS={plugin.name}",
            )
        app.console.print(skipped)
