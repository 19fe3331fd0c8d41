"""Search across the office's partners, forums and interventions (the box in every header).

A query matches a record when every word of it is found, case- and accent-insensitively
(``Zaandam`` finds ``Zaandám``, ``cafe`` finds ``Café``), in the record's name or title or
its place (the municipality's name, and for an intervention its school's name and its
sessions' locations). Only the office's arrondissement is searched, with the stores' area
queries. Results come grouped by kind; each kind is paged on its own.

No personal data of youths: the search reads partners, forums and interventions only, never
referrals nor meetings (whose cases name youths), and matches no free text (notes).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from halt_core import Forum, Intervention, Partner

from office_context import Office

KINDS = ("partners", "overleggen", "activiteiten")
"""The kinds of result, in the order the page shows them (also the ``soort`` parameter)."""

KIND_NAMES = {"partners": "Partners", "overleggen": "Overleggen", "activiteiten": "Activiteiten"}

FIRST = 5
"""How many of each kind the page shows before "alle ..." (without a kind chosen)."""

PAGE = 20
"""How many results a page of one kind shows."""

LONGEST_QUERY = 100


def folded(text: str) -> str:
    """``text`` for matching: lower case, without accents, spaces made single."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


@attrs.frozen
class Group:
    """The results of one kind.

    Attributes:
        kind: one of :data:`KINDS`.
        total: how many records of this kind match.
        items: those on this page, as (record, place) pairs.
        page: the page shown (1 for the first).
        pages: how many pages there are.

    """

    kind: str
    total: int
    items: Sequence[tuple[Any, str]]
    page: int
    pages: int

    @property
    def name(self) -> str:
        """The kind, as the page names it."""
        return KIND_NAMES[self.kind]


def search(office: Office, query: str, kind: str | None = None, page: int = 1) -> list[Group]:
    """The groups of results for ``query``: every kind, or only ``kind`` (page ``page``).

    An empty query finds nothing. Without ``kind`` each group holds its first
    :data:`FIRST`; with it, the one group holds page ``page`` of :data:`PAGE` results.
    """
    words = folded(query[:LONGEST_QUERY]).split()
    if not words:
        return []
    place = office.municipality_name
    with office.store.unit_of_work() as uow:
        partners = uow.partners.query(area=office.area)
        forums = uow.forums.query(area=office.area)
        interventions = uow.interventions.query(area=office.area)
    names = {p.id: p.name for p in partners}

    def texts_of_partner(p: Partner) -> list[str]:
        return [p.name, place(p.area)]

    def texts_of_forum(f: Forum) -> list[str]:
        return [f.name, place(f.area)]

    def texts_of_intervention(i: Intervention) -> list[str]:
        school = names.get(i.school, "") if i.school is not None else ""
        return [i.title, place(i.area), school, *(s.location for s in i.sessions)]

    found: dict[str, list[tuple[Any, str]]] = {
        "partners": _matching(partners, texts_of_partner, words, lambda p: p.name, place),
        "overleggen": _matching(forums, texts_of_forum, words, lambda f: f.name, place),
        "activiteiten": _matching(
            interventions, texts_of_intervention, words, lambda i: i.title, place
        ),
    }
    groups = []
    for name in KINDS if kind is None else (kind,):
        items = found[name]
        size = FIRST if kind is None else PAGE
        pages = max(1, math.ceil(len(items) / PAGE))
        shown = min(max(page, 1), pages) if kind is not None else 1
        start = (shown - 1) * size
        groups.append(Group(name, len(items), items[start : start + size], shown, pages))
    return groups


def _matching(
    records: Sequence[Any],
    texts: Callable[[Any], list[str]],
    words: list[str],
    title: Callable[[Any], str],
    place: Callable[[Any], str],
) -> list[tuple[Any, str]]:
    """The records whose texts hold every word, by title, each with its place."""
    hits = []
    for record in records:
        haystack = folded(" | ".join(texts(record)))
        if all(word in haystack for word in words):
            hits.append((record, place(record.area)))
    return sorted(hits, key=lambda pair: (folded(title(pair[0])), str(pair[0].id)))
