"""``.. halt-cli::``: the help of every ``halt`` command, generated from the command itself.

The page can then never disagree with ``halt COMMAND --help``.
"""

from __future__ import annotations

from typing import Any

import click
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from halt_adapters.cli import cli


def _commands(group: click.Group, path: tuple[str, ...]) -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        else:
            found.append((" ".join((*path, name)), command))
    return found


def _help(name: str, command: click.Command) -> str:
    context = click.Context(command, info_name=name, terminal_width=92, max_content_width=92)
    return command.get_help(context)


class HaltCliDirective(SphinxDirective):
    """One section per command, holding what ``--help`` prints."""

    def run(self) -> list[nodes.Node]:
        """Build the sections."""
        sections: list[nodes.Node] = []
        everything = [("halt", cli), *((f"halt {n}", c) for n, c in _commands(cli, ()))]
        for name, command in everything:
            section = nodes.section(ids=[nodes.make_id(name)])
            section += nodes.title(text=name)
            section += nodes.literal_block(text=_help(name, command))
            sections.append(section)
        return sections


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("halt-cli", HaltCliDirective)
    return {"parallel_read_safe": True}
