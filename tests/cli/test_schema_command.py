"""``halt schema``: the kinds, and the JSON Schema of each, without opening a store."""

import json

import jsonschema
import pytest

from halt_core.serialization import json_schemas

from .conftest import Halt

KINDS = list(json_schemas())


def test_without_a_kind_it_lists_the_kinds_with_their_ids(empty: Halt) -> None:
    result = empty("schema")
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines()]
    assert [row[0] for row in rows] == KINDS
    assert rows[0] == ["partners", "urn:halt-core:schema:1:Partner"]
    assert rows[-1] == ["events", "urn:halt-core:schema:1:Event"]


@pytest.mark.parametrize("kind", KINDS)
def test_it_prints_the_schema_of_a_kind_as_indented_json(empty: Halt, kind: str) -> None:
    result = empty("schema", kind)
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema == json_schemas()[kind]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert result.stdout.startswith('{\n  "$schema": ')


def test_the_partner_schema_shows_the_register_numbers(empty: Halt) -> None:
    result = empty("schema", "Partners")  # the kind in any case
    assert result.exit_code == 0, result.output
    properties = json.loads(result.stdout)["$defs"]["Partner"]["properties"]
    assert properties["oin"]["pattern"] == "^[0-9]{20}$"
    assert properties["kvk"]["pattern"] == "^[0-9]{8}$"
    assert "brin" in properties


def test_an_unknown_kind_is_one_line_naming_the_kinds(empty: Halt) -> None:
    result = empty("schema", "partner")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: there is no kind 'partner'; the kinds are partners, ")


def test_it_opens_no_store(empty: Halt) -> None:
    assert empty("schema", "events").exit_code == 0
    assert not empty.store.exists()
    assert not empty.store.parent.exists()


def test_it_has_help(empty: Halt) -> None:
    result = empty("schema", "--help")
    assert result.exit_code == 0
    assert "Usage: halt schema [OPTIONS] [KIND]" in result.stdout
