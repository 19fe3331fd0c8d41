"""The JSON Schemas of halt_core's documents, generated while the docs are built.

- ``.. halt-json-schema:: partners`` shows the schema of a kind of document (a key of
  :func:`halt_core.serialization.json_schemas`) as JSON; with ``:without-class-descriptions:``
  the descriptions of the classes in its ``$defs`` (their docstrings, which the API reference
  shows already) are left out, the fields' descriptions kept.
- ``.. halt-json-schema-files::`` lists every kind with its ``$id`` and, in HTML, a link to
  the schema as a file: each is written to ``_static/schemas/<kind>.json`` of the built docs.

Both come from the classes when the docs are built, so the pages never disagree with
``halt schema KIND``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from halt_core.serialization import json_schemas

_FOLDER = "schemas"  # under _static of the built HTML


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2)


class JsonSchemaDirective(SphinxDirective):
    """Show the schema of one kind of document as a JSON block."""

    required_arguments = 1
    option_spec = {"without-class-descriptions": directives.flag}  # noqa: RUF012 - docutils' API

    def run(self) -> list[nodes.Node]:
        """Build the block."""
        schemas = json_schemas()
        kind = self.arguments[0]
        if kind not in schemas:
            raise self.error(f"no schema of {kind!r}; the kinds are {', '.join(schemas)}")
        schema = schemas[kind]
        if "without-class-descriptions" in self.options:
            for component in schema["$defs"].values():
                component.pop("description", None)
        text = _text(schema)
        return [nodes.literal_block(text, text, language="json")]


class JsonSchemaFilesDirective(SphinxDirective):
    """List every kind of document with the ``$id`` of its schema and, in HTML, its file."""

    def run(self) -> list[nodes.Node]:
        """Build the list."""
        html = self.env.app.builder.format == "html"
        up = "../" * self.env.docname.count("/")
        items = nodes.bullet_list()
        for kind, schema in json_schemas().items():
            paragraph = nodes.paragraph()
            if html:
                uri = f"{up}_static/{_FOLDER}/{kind}.json"
                paragraph += nodes.reference("", f"{kind}.json", refuri=uri)
            else:
                paragraph += nodes.literal(kind, kind)
            paragraph += nodes.Text(" -- ")
            paragraph += nodes.literal(schema["$id"], schema["$id"])
            items += nodes.list_item("", paragraph)
        return [items]


def _write_files(app: Sphinx) -> None:
    """Write every schema to a folder that the HTML builder copies into ``_static``."""
    if app.builder.format != "html":
        return
    static = Path(app.doctreedir) / "halt_schema_static"
    folder = static / _FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for kind, schema in json_schemas().items():
        (folder / f"{kind}.json").write_text(_text(schema) + "\n", encoding="utf-8")
    if str(static) not in app.config.html_static_path:
        app.config.html_static_path.append(str(static))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives and the writing of the files."""
    app.add_directive("halt-json-schema", JsonSchemaDirective)
    app.add_directive("halt-json-schema-files", JsonSchemaFilesDirective)
    app.connect("builder-inited", _write_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
