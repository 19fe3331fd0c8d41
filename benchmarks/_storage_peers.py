"""The storage benchmark's peers: what a Python developer would pick instead, SQLAlchemy 2.

The same rows as the store's (the index columns from ``RECORD_KINDS[Intervention].index``)
with the record in a JSON column (JSON on SQLite, JSONB on PostgreSQL), written and read two
ways: Core (``conn.execute(table.insert(), rows)``, ``select`` of the documents) and the ORM
(``session.add_all`` of mapped objects, ``session.scalars(select(...))``). The documents are
the records' builtins (``msgspec.to_builtins``), serialised by the engine with orjson, a
fast choice a user could make; loads turn each document back into an ``Intervention`` with
``msgspec.convert`` (the same attrs classes and validators). Each peer converts inside its
timed call, as halt does.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
import orjson
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.dialects.postgresql import JSONB

from halt_core.model import Gazetteer, Intervention

if TYPE_CHECKING:
    from benchmarks import _storage_floors as floors
else:
    import _storage_floors as floors

PEER_TABLE = "sa_interventions"

_metadata = sa.MetaData()

_DOCUMENT = sa.JSON().with_variant(JSONB(), "postgresql")

TABLE = sa.Table(
    PEER_TABLE,
    _metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("kind", sa.Text, index=True),
    sa.Column("status", sa.Text, index=True),
    sa.Column("level", sa.Text),
    sa.Column("arrondissement", sa.Text, index=True),
    sa.Column("municipality", sa.Text, index=True),
    sa.Column("starts", sa.Date),
    sa.Column("ends", sa.Date),
    sa.Column("owner", sa.Uuid, index=True),
    sa.Column("document", _DOCUMENT, nullable=False),
    sa.Index(f"{PEER_TABLE}_starts_ends", "starts", "ends"),
)


class _Base(orm.DeclarativeBase):
    metadata = _metadata


class InterventionRow(_Base):
    """An intervention as an ORM user maps it: the index columns and the document."""

    __table__ = TABLE

    id: orm.Mapped[uuid.UUID]
    version: orm.Mapped[int]
    kind: orm.Mapped[str | None]
    status: orm.Mapped[str | None]
    level: orm.Mapped[str | None]
    arrondissement: orm.Mapped[str | None]
    municipality: orm.Mapped[str | None]
    starts: orm.Mapped[dt.date | None]
    ends: orm.Mapped[dt.date | None]
    owner: orm.Mapped[uuid.UUID | None]
    document: orm.Mapped[Any]


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def sqlite_engine(path: Path) -> sa.Engine:
    """An engine on a new SQLite file, with the store's PRAGMAs, and the peer's table."""
    engine = sa.create_engine(
        f"sqlite:///{path}", json_serializer=_dumps, json_deserializer=orjson.loads
    )

    @sa.event.listens_for(engine, "connect")
    def pragmas(connection: Any, _: Any) -> None:
        for pragma in floors.SQLITE_PRAGMAS:
            connection.execute(pragma)

    _metadata.create_all(engine)
    return engine


def postgres_engine(url: str, schema: str) -> sa.Engine:
    """An engine on the server (psycopg 3) with the peer's table in ``schema``."""
    engine = sa.create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1).replace(
            "postgres://", "postgresql+psycopg://", 1
        ),
        json_serializer=_dumps,
        json_deserializer=orjson.loads,
        connect_args={"options": f"-csearch_path={schema}"},
    )
    _metadata.create_all(engine)
    return engine


def peer_rows(values: Sequence[Intervention], gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """The rows as dicts for Core: index columns and the record's builtins."""
    rows = []
    for value in values:
        ix = floors.INDEX(value, gazetteer)
        rows.append(
            {
                "id": value.id,
                "version": 1,
                "kind": ix.kind,
                "status": ix.status,
                "level": ix.level,
                "arrondissement": ix.arrondissement,
                "municipality": ix.municipality,
                "starts": ix.starts,
                "ends": ix.ends,
                "owner": ix.owner,
                "document": msgspec.to_builtins(value),
            }
        )
    return rows


def core_save(engine: sa.Engine, values: Sequence[Intervention], gazetteer: Gazetteer) -> None:
    """SQLAlchemy Core bulk insert (``executemany``) in one transaction."""
    with engine.begin() as connection:
        connection.execute(TABLE.insert(), peer_rows(values, gazetteer))


def orm_save(engine: sa.Engine, values: Sequence[Intervention], gazetteer: Gazetteer) -> None:
    """SQLAlchemy ORM: ``session.add_all`` of mapped objects, one commit."""
    with orm.Session(engine) as session:
        session.add_all(InterventionRow(**row) for row in peer_rows(values, gazetteer))
        session.commit()


def core_load(engine: sa.Engine) -> list[Intervention]:
    """SQLAlchemy Core ``select`` of the documents, each converted to an Intervention."""
    with engine.connect() as connection:
        documents = connection.execute(sa.select(TABLE.c.document)).all()
    return [msgspec.convert(document, Intervention) for (document,) in documents]


def orm_load(engine: sa.Engine) -> list[Intervention]:
    """SQLAlchemy ORM: every mapped object, each document converted to an Intervention."""
    with orm.Session(engine) as session:
        objects = session.scalars(sa.select(InterventionRow)).all()
        return [msgspec.convert(o.document, Intervention) for o in objects]


def count(engine: sa.Engine) -> int:
    """How many rows the peer's table holds."""
    with engine.connect() as connection:
        return int(connection.execute(sa.select(sa.func.count()).select_from(TABLE)).scalar_one())


def check(engine: sa.Engine, values: Sequence[Intervention], what: str) -> str | None:
    """Why the peer's table does not hold ``values`` (its count, a sample read back), or None."""
    n = count(engine)
    if n != len(values):
        return f"{what}: {n} rows, expected {len(values)}"
    sample = {v.id: v for v in values[:: max(1, len(values) // 50)]}
    with engine.connect() as connection:
        found = connection.execute(
            sa.select(TABLE.c.id, TABLE.c.document).where(TABLE.c.id.in_(list(sample)))
        ).all()
    if len(found) != len(sample):
        return f"{what}: {len(found)} of {len(sample)} sampled ids found"
    for id, document in found:
        if msgspec.convert(document, Intervention) != sample[id]:
            return f"{what}: the document of {id} differs from the value saved"
    return None
