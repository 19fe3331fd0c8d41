"""The privacy log in the SQL stores: its tables (schema 5) and :class:`SqlPrivacyLog`.

Each entry is kept whole as a JSON document (:func:`halt_core.serialization.to_json`), its
times in UTC, beside the columns that select and order it:

- ``disclosures (id, at, recipient, document)``, and ``disclosure_youths (disclosure,
  youth)``: one row per youth a disclosure was about, so a subject-access request finds a
  youth's disclosures by an index, not by reading every document;
- ``legal_holds (youth, document)``: one hold per youth, replaced in place;
- ``erasures (id, at, youth, document)``;
- ``kept_counts (kind, year, municipality, detail, count)``: adding a count adds it to the
  row with the same key in one statement (``INSERT ... ON CONFLICT DO UPDATE SET count =
  count + excluded.count``), so two units of work adding at once both count, on PostgreSQL
  too, where they do not hold one writer's lock.

Every write is part of the unit of work's transaction. The choices the contract leaves open
are those of every built-in store (:mod:`halt_adapters.storage._privacy_entries`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from halt_adapters.storage._moments import utc
from halt_adapters.storage._privacy_entries import (
    MAX_COUNT,
    count_too_large,
    disclosure_in_utc,
    erasure_in_utc,
    hold_in_utc,
    taken,
)
from halt_adapters.storage._sql_dialect import CHUNK
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.log import Disclosure, Erasure, KeptCount, LegalHold
from halt_core.serialization import from_json, to_json
from halt_core.storage import DisclosureQuery, PrivacyLog

if TYPE_CHECKING:
    from halt_adapters.storage._sql import SqlUnitOfWork

__all__ = ["PRIVACY_TABLES", "SqlPrivacyLog", "privacy_log_statements"]

PRIVACY_TABLES = ("disclosures", "disclosure_youths", "legal_holds", "erasures", "kept_counts")
"""The tables of schema version 5, in the order they are made."""

_COUNT_KEY = "kind, year, municipality, detail"
_E = TypeVar("_E", Disclosure, LegalHold, Erasure)


def privacy_log_statements(*, id_type: str, time_type: str, document_type: str) -> list[str]:
    """Schema version 5: the tables of the privacy log and their indexes.

    Times are ``time_type``: SQLite's fixed-width UTC text (see
    :func:`~halt_adapters.storage._sql_dialect.utc_text`), PostgreSQL's ``timestamptz``;
    documents ``document_type`` (text, ``jsonb``).
    """
    return [
        f"CREATE TABLE disclosures (id {id_type} PRIMARY KEY, at {time_type} NOT NULL, "
        f"recipient {id_type}, document {document_type} NOT NULL)",
        "CREATE INDEX disclosures_at ON disclosures (at, id)",
        "CREATE INDEX disclosures_recipient ON disclosures (recipient, at)",
        f"CREATE TABLE disclosure_youths (disclosure {id_type} NOT NULL "
        "REFERENCES disclosures (id) ON DELETE CASCADE, youth TEXT NOT NULL, "
        "PRIMARY KEY (disclosure, youth))",
        "CREATE INDEX disclosure_youths_youth ON disclosure_youths (youth, disclosure)",
        f"CREATE TABLE legal_holds (youth TEXT PRIMARY KEY, document {document_type} NOT NULL)",
        f"CREATE TABLE erasures (id {id_type} PRIMARY KEY, at {time_type} NOT NULL, "
        f"youth TEXT NOT NULL, document {document_type} NOT NULL)",
        "CREATE INDEX erasures_youth ON erasures (youth, at)",
        "CREATE TABLE kept_counts (kind TEXT NOT NULL, year INTEGER NOT NULL, "
        "municipality TEXT NOT NULL, detail TEXT NOT NULL, count BIGINT NOT NULL, "
        f"PRIMARY KEY ({_COUNT_KEY}))",
    ]


class SqlPrivacyLog(PrivacyLog):
    """The privacy log as the tables of schema version 5, for one SQL unit of work."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow)
        self._sql_uow = uow
        self._dialect = uow.dialect

    def _cursor(self, *, writing: bool = False) -> Any:
        if writing:
            self._sql_uow.writing()
        return self._sql_uow.cursor()

    # -- disclosures ----------------------------------------------------------------------------

    def _insert_disclosure(self, disclosure: Disclosure) -> None:
        kept = disclosure_in_utc(disclosure)
        d, p = self._dialect, self._dialect.param
        cursor = self._cursor(writing=True)
        cursor.execute(
            f"INSERT INTO disclosures (id, at, recipient, document) VALUES ({p}, {p}, {p}, {p}) "
            "ON CONFLICT DO NOTHING",
            [
                d.id_in(kept.id),
                d.time_in(kept.at),
                d.id_in(kept.recipient),
                d.document_in(to_json(kept)),
            ],
        )
        if cursor.rowcount != 1:
            raise taken("disclosures", kept)
        youths = sorted(set(kept.youths))
        if youths:
            cursor.executemany(
                f"INSERT INTO disclosure_youths (disclosure, youth) VALUES ({p}, {p})",
                [(d.id_in(kept.id), youth) for youth in youths],
            )

    def _select_disclosures(self, query: DisclosureQuery) -> Sequence[Disclosure]:
        d, p = self._dialect, self._dialect.param
        conditions: list[str] = []
        params: list[Any] = []
        if query.youth is not None:
            conditions.append(
                f"EXISTS (SELECT 1 FROM disclosure_youths y WHERE y.disclosure = d.id "
                f"AND y.youth = {p})"
            )
            params.append(query.youth)
        if query.recipient is not None:
            conditions.append(f"d.recipient = {p}")
            params.append(d.id_in(query.recipient))
        if query.since is not None:
            conditions.append(f"d.at >= {p}")
            params.append(d.time_in(utc(query.since, "DisclosureQuery", "since")))
        if query.until is not None:
            conditions.append(f"d.at < {p}")
            params.append(d.time_in(utc(query.until, "DisclosureQuery", "until")))
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        cursor = self._cursor()
        cursor.execute(f"SELECT d.document FROM disclosures d{where} ORDER BY d.at, d.id", params)
        return [self._entry(document, Disclosure) for (document,) in cursor.fetchall()]

    def _delete_disclosures_before(
        self, moment: dt.datetime, keep: Sequence[YouthPseudonym]
    ) -> int:
        d, p = self._dialect, self._dialect.param
        before = d.time_in(utc(moment, "PrivacyLog", "moment"))
        cursor = self._cursor(writing=True)
        if not keep:
            # The youths first: the cascade would do it, but only where foreign keys are on.
            cursor.execute(
                "DELETE FROM disclosure_youths WHERE disclosure IN "
                f"(SELECT id FROM disclosures WHERE at < {p})",
                [before],
            )
            cursor.execute(f"DELETE FROM disclosures WHERE at < {p}", [before])
            return int(cursor.rowcount)
        spared: set[Any] = set()
        for start in range(0, len(keep), CHUNK):
            chunk = keep[start : start + CHUNK]
            cursor.execute(
                "SELECT y.disclosure FROM disclosure_youths y "
                "JOIN disclosures d ON d.id = y.disclosure "
                f"WHERE d.at < {p} AND y.youth IN ({', '.join([p] * len(chunk))})",
                [before, *chunk],
            )
            spared.update(id for (id,) in cursor.fetchall())
        cursor.execute(f"SELECT id FROM disclosures WHERE at < {p}", [before])
        going = [id for (id,) in cursor.fetchall() if id not in spared]
        for start in range(0, len(going), CHUNK):
            chunk = going[start : start + CHUNK]
            marks = ", ".join([p] * len(chunk))
            cursor.execute(f"DELETE FROM disclosure_youths WHERE disclosure IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM disclosures WHERE id IN ({marks})", chunk)
        return len(going)

    # -- legal holds ----------------------------------------------------------------------------

    def _put_hold(self, hold: LegalHold) -> None:
        kept = hold_in_utc(hold)
        p = self._dialect.param
        self._cursor(writing=True).execute(
            f"INSERT INTO legal_holds (youth, document) VALUES ({p}, {p}) "
            "ON CONFLICT (youth) DO UPDATE SET document = excluded.document",
            [kept.youth, self._dialect.document_in(to_json(kept))],
        )

    def _delete_hold(self, youth: YouthPseudonym) -> bool:
        cursor = self._cursor(writing=True)
        cursor.execute(f"DELETE FROM legal_holds WHERE youth = {self._dialect.param}", [youth])
        return bool(cursor.rowcount == 1)

    def _select_holds(self) -> Sequence[LegalHold]:
        cursor = self._cursor()
        cursor.execute("SELECT document FROM legal_holds")
        holds = [self._entry(document, LegalHold) for (document,) in cursor.fetchall()]
        # Sorted here, not by ORDER BY: PostgreSQL orders text by the database's collation.
        return sorted(holds, key=lambda hold: hold.youth)

    # -- erasures -------------------------------------------------------------------------------

    def _insert_erasure(self, erasure: Erasure) -> None:
        kept = erasure_in_utc(erasure)
        d, p = self._dialect, self._dialect.param
        cursor = self._cursor(writing=True)
        cursor.execute(
            f"INSERT INTO erasures (id, at, youth, document) VALUES ({p}, {p}, {p}, {p}) "
            "ON CONFLICT DO NOTHING",
            [d.id_in(kept.id), d.time_in(kept.at), kept.youth, d.document_in(to_json(kept))],
        )
        if cursor.rowcount != 1:
            raise taken("erasures", kept)

    def _select_erasures(self, youth: YouthPseudonym | None) -> Sequence[Erasure]:
        sql = "SELECT document FROM erasures"
        params: list[Any] = []
        if youth is not None:
            sql += f" WHERE youth = {self._dialect.param}"
            params.append(youth)
        cursor = self._cursor()
        cursor.execute(f"{sql} ORDER BY at, id", params)
        return [self._entry(document, Erasure) for (document,) in cursor.fetchall()]

    # -- kept counts ----------------------------------------------------------------------------

    def _add_counts(self, counts: Sequence[KeptCount]) -> None:
        if not counts:
            return
        p = self._dialect.param
        # Added where it stays within MAX_COUNT only; the savepoint takes back the counts of
        # this call already added when one would not, so that a refused call adds nothing.
        add = (
            f"INSERT INTO kept_counts ({_COUNT_KEY}, count) VALUES ({p}, {p}, {p}, {p}, {p}) "
            f"ON CONFLICT ({_COUNT_KEY}) DO UPDATE SET count = kept_counts.count + "
            f"excluded.count WHERE kept_counts.count + excluded.count <= {MAX_COUNT}"
        )
        cursor = self._cursor(writing=True)
        cursor.execute("SAVEPOINT kept_counts")
        for count in counts:
            cursor.execute(add, [*count.key, count.count])
            if cursor.rowcount != 1:
                cursor.execute("ROLLBACK TO SAVEPOINT kept_counts")
                cursor.execute("RELEASE SAVEPOINT kept_counts")
                raise count_too_large(count)
        cursor.execute("RELEASE SAVEPOINT kept_counts")

    def _select_counts(self) -> Sequence[KeptCount]:
        cursor = self._cursor()
        cursor.execute(f"SELECT {_COUNT_KEY}, count FROM kept_counts")
        counts = [
            KeptCount(
                kind=kind,
                year=int(year),
                municipality=municipality,
                detail=detail,
                count=int(count),
            )
            for kind, year, municipality, detail, count in cursor.fetchall()
        ]
        return sorted(counts, key=lambda count: count.key)

    # -- rows -----------------------------------------------------------------------------------

    def _entry(self, document: Any, cls: type[_E]) -> _E:
        """The entry of class ``cls`` a stored document holds."""
        return from_json(self._dialect.document_out(document), cls)
