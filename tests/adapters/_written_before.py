"""The store written before the model checked contact points, and what migrating it must give.

``tests/fixtures/store-schema-2.sql`` is an SQLite store at schema version 2 that halt_core
itself wrote at commit c4ff48d (``tests/fixtures/make_store_schema_2.py`` says how). The tests
of every adapter load its rows, in their own storage, and check the same outcome here.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import attrs

from halt_core.model import ContactPoint
from halt_core.storage import SetAside, Store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "store-schema-2.sql"
"""The dump of the store at schema version 2."""

POLICE = uuid.UUID("5e1f0000-0000-4000-8000-0000000000a1")
MUNICIPALITY = uuid.UUID("5e1f0000-0000-4000-8000-0000000000a2")
SCHOOL = uuid.UUID("5e1f0000-0000-4000-8000-0000000000a3")
CLEAN = uuid.UUID("5e1f0000-0000-4000-8000-0000000000a4")

NAMES = {
    POLICE: "Politie basisteam Centrum",
    MUNICIPALITY: "Gemeente Utrecht",
    SCHOOL: "Het Amsterdams Lyceum",
    CLEAN: "Raad voor de Kinderbescherming Midden-Nederland",
}

VERSIONS = {POLICE: 2, MUNICIPALITY: 1, SCHOOL: 1, CLEAN: 1}
"""The versions the partners were stored at: the migration keeps them."""

CONTACT_POINTS = {
    POLICE: (
        ContactPoint(role="meldpunt jeugd", phone="+31201234567"),
        ContactPoint(role="teamleider", email="Team@example.nl"),
    ),
    MUNICIPALITY: (ContactPoint(role="wijkteam", phone="+31201234567"),),
    SCHOOL: (
        ContactPoint(role="administratie", phone="+31612345678"),
        ContactPoint(role="zorgcoördinator", email="zorg@lyceum.nl"),
    ),
    CLEAN: (ContactPoint(role="algemeen", email="info@rvdk.example.nl", phone="+31302345678"),),
}
"""Each partner's contact points after the migration."""

SET_ASIDE = [
    (POLICE, "$.contact_points[0].email", "a..b@x.nl", "two periods in a row"),
    (
        MUNICIPALITY,
        "$.contact_points[0]",
        '{"email":"team@x_y.nl","name":null,"phone":"123456","role":"front office"}',
        "set aside whole",
    ),
    (
        SCHOOL,
        "$.contact_points[1]",
        '{"email":"conciërge.@lyceum.nl","name":"J. de Vries","phone":null,"role":"conciërge"}',
        "period immediately before the @-sign",
    ),
    (SCHOOL, "$.contact_points[2].phone", "12-34-56", "not a Dutch phone number"),
]
"""What the migration sets aside, in order: record, path, value, words of the reason."""


def load_fixture(path: Path) -> Path:
    """Write the fixture's store to the SQLite file ``path``; return it."""
    connection = sqlite3.connect(path)
    try:
        connection.executescript(FIXTURE.read_text(encoding="utf-8"))
    finally:
        connection.close()
    return path


def partner_rows() -> list[dict[str, Any]]:
    """The fixture's partner rows, by column name, in id order."""
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    try:
        connection.executescript(FIXTURE.read_text(encoding="utf-8"))
        rows = connection.execute("SELECT * FROM partners ORDER BY id").fetchall()
    finally:
        connection.close()
    return [dict(row) for row in rows]


def check_migrated(store: Store, since: dt.datetime) -> tuple[SetAside, ...]:
    """Assert that ``store`` holds the fixture's partners, migrated; what it set aside.

    Every partner loads at the version it was stored at, with its contact points normalised
    and the invalid ones gone; ``set_aside()`` reports those, per record, with path, value
    and reason, stamped with schema version 3 (the one that repairs) and a moment after
    ``since``. The store is at its adapter's current version: 3, or a later one.
    """
    assert store.schema_version >= 3
    with store.unit_of_work() as uow:
        partners = {p.id: p for p in uow.partners.all()}
        assert sorted(partners) == sorted(NAMES)
        for id, partner in partners.items():
            assert partner.name == NAMES[id]
            assert partner.contact_points == CONTACT_POINTS[id], NAMES[id]
            assert uow.partners.version_of(id) == VERSIONS[id]
        found = uow.set_aside()
    assert [(s.record_id, s.path) for s in found] == [(id, path) for id, path, _, _ in SET_ASIDE]
    for item, (_, _, value, words) in zip(found, SET_ASIDE, strict=True):
        if item.path.endswith("]"):  # a whole contact point, as JSON (its keys in any order)
            assert json.loads(item.value) == json.loads(value)
        else:
            assert item.value == value
        assert words in item.reason, item
        assert (item.kind, item.schema_version) == ("partners", 3)
        assert since <= item.at <= dt.datetime.now(dt.UTC)
    assert len({s.at for s in found}) == 1  # one migration
    return found


def same_reports(first: tuple[SetAside, ...], again: tuple[SetAside, ...]) -> bool:
    """Whether two lists of reports are the same, allowing for how a database keeps time."""
    return [attrs.evolve(s, at=s.at.astimezone(dt.UTC)) for s in first] == [
        attrs.evolve(s, at=s.at.astimezone(dt.UTC)) for s in again
    ]


def document_of(rows: list[dict[str, Any]], id: uuid.UUID) -> Any:
    """The stored document of the partner ``id`` among ``rows``, decoded."""
    (row,) = [row for row in rows if row["id"] == str(id)]
    return json.loads(row["document"])
