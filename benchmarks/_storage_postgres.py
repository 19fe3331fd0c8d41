"""The storage benchmark's PostgreSQL rows: halt's store, psycopg COPY, SQLAlchemy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import halt_core
from halt_core.model import Gazetteer, Intervention
from halt_core.storage import Store

if TYPE_CHECKING:
    from benchmarks import _common
    from benchmarks import _storage_floors as floors
    from benchmarks import _storage_peers as peers
    from benchmarks._storage_runs import (
        Loads,
        best_of_each,
        check_peer,
        check_peer_loads,
        halt_load,
        halt_save,
        load_rows,
        plain,
        save_rows,
    )
else:
    import _common
    import _storage_floors as floors
    import _storage_peers as peers
    from _storage_runs import (
        Loads,
        best_of_each,
        check_peer,
        check_peer_loads,
        halt_load,
        halt_save,
        load_rows,
        plain,
        save_rows,
    )


def measure_postgres(
    pg: floors.Postgres, values: list[Intervention], options: _common.Options
) -> tuple[list[_common.Row], Loads]:
    """Check, then time the PostgreSQL saves; return their rows and a call that times the loads."""
    gazetteer = Gazetteer.load()

    # What the loads read, filled once (untimed), and the sanity checks on them.
    halt_schema, floor_schema = f"{pg.prefix}_haltload", pg.new_schema("floorload")
    store = halt_core.connect(pg.url, schema=halt_schema)
    halt_save(store, values)
    floors.postgres_floor_table(pg, floor_schema)
    floors.postgres_floor_save(pg, floor_schema, values, gazetteer)
    halt_rows, halt_indexes = floors.postgres_contents(pg, halt_schema)
    floor_rows, floor_indexes = floors.postgres_contents(pg, floor_schema)
    if halt_rows != floor_rows:
        _common.fail("postgres: the floor's rows differ from the store's")
    halt_indexes = {i for i in halt_indexes if i != "btree (id)"}  # the primary keys
    floor_indexes = {i for i in floor_indexes if i != "btree (id)"}
    if halt_indexes != floor_indexes:
        _common.fail(f"postgres: indexes differ: {halt_indexes ^ floor_indexes}")
    del halt_rows, floor_rows
    peer_engine = peers.postgres_engine(pg.url, pg.new_schema("peerload"))
    peers.core_save(peer_engine, values, gazetteer)
    check_peer(peer_engine, values, "postgres, SQLAlchemy Core")
    expected = floors.sort_by_id(values)
    if halt_load(store) != expected:
        _common.fail("postgres: all() did not give back the values saved")
    if floors.sort_by_id(floors.postgres_floor_load(pg, floor_schema)) != expected:
        _common.fail("postgres: the floor did not decode the values saved")
    check_peer_loads(peer_engine, expected, "postgres")
    del expected

    def halt_setup() -> tuple[Store, str]:
        schema = f"{pg.prefix}_haltsave{next(pg.counter)}"
        return halt_core.connect(pg.url, schema=schema), schema

    def halt_teardown(state: tuple[Store, str]) -> None:
        state[0].close()
        pg.drop_schema(state[1])

    def floor_setup() -> str:
        schema = pg.new_schema("floorsave")
        floors.postgres_floor_table(pg, schema)
        return schema

    def peer_setup() -> tuple[Any, str]:
        schema = pg.new_schema("peersave")
        return peers.postgres_engine(pg.url, schema), schema

    def peer_teardown(state: tuple[Any, str]) -> None:
        state[0].dispose()
        pg.drop_schema(state[1])

    checked = peer_setup()
    peers.orm_save(checked[0], values, gazetteer)
    check_peer(checked[0], values, "postgres, SQLAlchemy ORM")
    peer_teardown(checked)

    precomputed = list(floors.postgres_rows(values, gazetteer))
    times = best_of_each(
        {
            "halt": (halt_setup, lambda s: halt_save(s[0], values), halt_teardown),
            "floor": (
                floor_setup,
                lambda schema: floors.postgres_floor_save(pg, schema, values, gazetteer),
                pg.drop_schema,
            ),
            "raw": (
                floor_setup,
                lambda schema: floors.postgres_copy(pg, schema, precomputed),
                pg.drop_schema,
            ),
            "orm": (peer_setup, lambda s: peers.orm_save(s[0], values, gazetteer), peer_teardown),
            "core": (
                peer_setup,
                lambda s: peers.core_save(s[0], values, gazetteer),
                peer_teardown,
            ),
        },
        options,
    )
    precomputed.clear()
    n = len(values)
    saves = save_rows("postgres", n, times, "psycopg COPY", "COPY, rows made before")

    def loads() -> tuple[list[_common.Row], dict[str, float]]:
        try:
            times = best_of_each(
                {
                    "halt": plain(lambda: halt_load(store)),
                    "floor": plain(lambda: floors.postgres_floor_load(pg, floor_schema)),
                    "raw": plain(lambda: floors.postgres_documents(pg, floor_schema)),
                    "orm": plain(lambda: peers.orm_load(peer_engine)),
                    "core": plain(lambda: peers.core_load(peer_engine)),
                },
                options,
            )
            rows = load_rows("postgres", n, times, _common.peak_mib(lambda: halt_load(store)))
            peak = _common.peak_mib(lambda: floors.postgres_floor_load(pg, floor_schema))
            return rows, {"postgres load": peak}
        finally:
            store.close()
            peer_engine.dispose()

    return saves, loads
