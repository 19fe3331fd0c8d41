"""``halt schema``: the JSON Schema of the documents halt writes, for other programs."""

from __future__ import annotations

import json

import click

from halt_adapters.cli._context import CommandError
from halt_core.serialization import json_schemas

__all__ = ["schema"]


@click.command(short_help="The JSON Schema of a kind of document.")
@click.argument("kind", required=False)
def schema(kind: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the documents of KIND, as indented JSON.

    The kinds are the kinds of record, named as 'halt export' names them (partners,
    forums, ...), and events; without KIND, list them with the $id of each schema.

    Every document halt writes is valid against its schema. halt may still refuse a valid
    one, for what the schema does not say (such as a contact point without an e-mail address
    or a phone number); the reference of halt_core.serialization.schema says what is left
    out. Opens no store.
    """
    schemas = json_schemas()
    if kind is None:
        width = max(map(len, schemas))
        for name, document in schemas.items():
            click.echo(f"{name:<{width}}  {document['$id']}")
        return
    wanted = schemas.get(kind.strip().lower())
    if wanted is None:
        raise CommandError(
            f"there is no kind {kind!r}; the kinds are {', '.join(schemas)} "
            "(run 'halt schema' to list them)"
        )
    click.echo(json.dumps(wanted, ensure_ascii=False, indent=2))
