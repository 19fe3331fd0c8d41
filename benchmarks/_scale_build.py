"""The scale benchmark's stores: a demo network at one size, saved to SQLite and PostgreSQL.

A store at about 10^5 records is the demo network of size 5,500 (5,500 partners, 1,100 forums,
27,500 meetings, 55,000 interventions, 11,000 referrals and about 1,000 collaborations); ten
times the size gives about 10^6. The network is saved the way ``halt demo`` saves one: one unit
of work, ``add_many`` per kind in batches. PostgreSQL stores live in scratch databases of their
own (``halt_scale_<random>_...``), dropped at the end of the run, also when it fails.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import secrets
import time
import urllib.parse
from collections.abc import Sequence
from typing import Any

import attrs

import halt_core
from halt_core.demo import generate
from halt_core.model import Gazetteer, Intervention, Network
from halt_core.storage import RECORD_KINDS, redact_url

BASE_SIZE = 5_500
"""The demo size of the small store: about 10^5 records."""
GROWTH = 10
"""The large store is this many times the small one (about 10^6 records)."""
CHANGED = 10
"""How many interventions ``check --changed-since`` finds changed."""
_BATCH = 10_000  # records per add_many: one unit of work, without one huge list of rows


@dataclasses.dataclass(frozen=True)
class Built:
    """A generated network, what it holds, and the note on how it was spread.

    Attributes:
        network: the demo network.
        records: how many records it holds, of every kind.
        spread: how the records are spread over the arrondissementen, in words.
        seconds: how long generating it took.

    """

    network: Network
    records: int
    spread: str
    seconds: float


def generate_network(seed: int, size: int) -> Built:
    """The demo network of ``size``, spread evenly over the arrondissementen if it can be.

    ``spread="even"`` is new in :func:`halt_core.demo.generate`; a version that refuses the
    keyword gives its default spread (by inhabitants), and the note says so.
    """
    start = time.perf_counter()
    try:
        made = generate(seed=seed, size=size, spread="even")  # type: ignore[call-arg,unused-ignore]
        spread = 'spread="even" (11 evenly filled arrondissementen)'
    except TypeError:
        made = generate(seed=seed, size=size)
        spread = (
            'default spread, by inhabitants: generate() refused spread="even", so the'
            " arrondissementen are NOT evenly filled"
        )
    network = made.network
    return Built(network, sum(network.counts().values()), spread, time.perf_counter() - start)


@dataclasses.dataclass(frozen=True)
class Places:
    """Where the one-place commands look.

    Attributes:
        arrondissement: A, the arrondissement with the median number of interventions (about
            1/11 of them when they are evenly spread).
        municipality: M's code: the municipality in A with the median number of interventions.
        municipality_name: M's name, for the output.
        share: A's share of the interventions, for the output.

    """

    arrondissement: str
    municipality: str
    municipality_name: str
    share: float


def pick_places(network: Network, gazetteer: Gazetteer) -> Places:
    """A (the median arrondissement by interventions) and M (the median municipality in A)."""
    index = RECORD_KINDS[Intervention].index
    arrondissements: collections.Counter[str] = collections.Counter()
    municipalities: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    for value in network.interventions:
        ix = index(value, gazetteer)
        if ix.arrondissement is not None:
            arrondissements[ix.arrondissement] += 1
            if ix.municipality is not None:
                municipalities[ix.arrondissement][ix.municipality] += 1
    ranked = sorted(arrondissements, key=lambda name: (arrondissements[name], name))
    chosen = ranked[len(ranked) // 2]
    counts = municipalities[chosen]
    codes = sorted(counts, key=lambda code: (counts[code], code))
    code = codes[len(codes) // 2]
    share = arrondissements[chosen] / max(1, len(network.interventions))
    return Places(chosen, code, gazetteer.municipality(code).name, share)


def changed_ids(network: Network, gazetteer: Gazetteer, places: Places) -> list[Any]:
    """The ids of the interventions to change: the first :data:`CHANGED` in A."""
    index = RECORD_KINDS[Intervention].index
    found = [
        v.id
        for v in network.interventions
        if index(v, gazetteer).arrondissement == places.arrondissement
    ]
    return found[:CHANGED]


def save(url: str, network: Network) -> float:
    """Save ``network`` into the new store at ``url`` in one unit of work; the seconds it took."""
    start = time.perf_counter()
    store = halt_core.connect(url)
    try:
        with store.unit_of_work() as uow:
            for kind in RECORD_KINDS.values():
                records = getattr(network, kind.name)
                repository = getattr(uow, kind.name)
                for first in range(0, len(records), _BATCH):
                    repository.add_many(records[first : first + _BATCH])
    finally:
        store.close()
    return time.perf_counter() - start


def change(url: str, ids: Sequence[Any]) -> dt.datetime:
    """Save the interventions ``ids`` with a changed title; the moment just before (aware)."""
    moment = dt.datetime.now(dt.UTC)
    store = halt_core.connect(url)
    try:
        with store.unit_of_work() as uow:
            for value in uow.interventions.get_many(ids):
                uow.interventions.save(attrs.evolve(value, title=value.title[:190] + " (changed)"))
    finally:
        store.close()
    return moment


# -- PostgreSQL scratch databases -----------------------------------------------------------------


class Scratch:
    """Scratch databases on one PostgreSQL server, made and dropped by this run.

    Args:
        connection: an autocommit psycopg connection to the server (any database).
        url: the URL it was opened with; a scratch database's URL is it with another path.

    """

    def __init__(self, connection: Any, url: str) -> None:
        self.connection = connection
        self.url = url
        self.prefix = f"halt_scale_{secrets.token_hex(3)}"
        self.made: list[str] = []

    def create(self, what: str) -> str:
        """Create a new database named after ``what``; return its store URL."""
        name = f"{self.prefix}_{what}"
        self.connection.execute(f"CREATE DATABASE {name}")
        self.made.append(name)
        return urllib.parse.urlsplit(self.url)._replace(path=f"/{name}").geturl()

    def drop(self, url: str) -> None:
        """Drop the scratch database of ``url`` (closing what is still connected to it)."""
        name = urllib.parse.urlsplit(url).path.lstrip("/")
        self.connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if name in self.made:
            self.made.remove(name)

    def drop_all(self) -> None:
        """Drop every database this run made and is still there; close the connection."""
        try:
            for name in list(self.made):
                self.connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.made.clear()
        finally:
            self.connection.close()

    def describe(self) -> str:
        """The server (password hidden) and the databases' names, for the output."""
        return f"{redact_url(self.url)}, scratch databases {self.prefix}_* (dropped at the end)"


def open_scratch(url: str | None) -> tuple[Scratch | None, str]:
    """Scratch databases on the server at ``url``, or None and why PostgreSQL is skipped."""
    if url is None:
        return None, "HALT_BENCH_POSTGRES_URL is empty"
    try:
        import psycopg
        import psycopg_pool  # noqa: F401  (the store needs it)
    except ImportError as exc:
        return None, f"{exc}; install psycopg 3 and psycopg_pool (the 'bench' group)"
    try:
        connection = psycopg.connect(url, connect_timeout=5, autocommit=True)
    except psycopg.OperationalError as exc:
        return None, f"cannot connect to {redact_url(url)}: {' '.join(str(exc).split())}"
    return Scratch(connection, url), ""
