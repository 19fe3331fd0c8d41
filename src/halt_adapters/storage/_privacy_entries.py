"""What the built-in stores do alike with the entries of the privacy log.

The abstract contract (:class:`halt_core.storage.PrivacyLog`) leaves a few choices open; the
memory, SQLite and PostgreSQL stores make them the same way:

- times are kept as moments in UTC: a disclosure's ``at``, a hold's ``placed_at`` and an
  erasure's ``at`` given in any zone come back as the same moments, in UTC, so what one
  store gives back does not depend on where it ran;
- a disclosure or erasure whose id is taken is refused with
  :class:`~halt_core.errors.AlreadyExists` (an entry is never replaced);
- a kept count that adding would take past :data:`MAX_COUNT` is refused with
  :class:`~halt_core.errors.InvalidValue`, and the count stays as it was;
- disclosures and erasures come oldest first, by ``at`` and then by id; holds by youth; counts
  in key order (kind, year, municipality, detail), as Python orders text (by code point).
"""

from __future__ import annotations

import attrs

from halt_adapters.storage._moments import utc
from halt_core.errors import AlreadyExists, InvalidValue
from halt_core.privacy.log import Disclosure, Erasure, KeptCount, LegalHold

__all__ = [
    "MAX_COUNT",
    "count_too_large",
    "disclosure_in_utc",
    "erasure_in_utc",
    "hold_in_utc",
    "taken",
]

MAX_COUNT = 10**9
"""The largest number a :class:`~halt_core.privacy.log.KeptCount` holds."""


def disclosure_in_utc(disclosure: Disclosure) -> Disclosure:
    """``disclosure`` with its ``at`` in UTC."""
    return attrs.evolve(disclosure, at=utc(disclosure.at, "Disclosure", "at"))


def hold_in_utc(hold: LegalHold) -> LegalHold:
    """``hold`` with its ``placed_at`` in UTC."""
    return attrs.evolve(hold, placed_at=utc(hold.placed_at, "LegalHold", "placed_at"))


def erasure_in_utc(erasure: Erasure) -> Erasure:
    """``erasure`` with its ``at`` in UTC."""
    return attrs.evolve(erasure, at=utc(erasure.at, "Erasure", "at"))


def taken(kind: str, entry: Disclosure | Erasure) -> AlreadyExists:
    """The error for an entry of ``kind`` (``"disclosures"``, ``"erasures"``) whose id is taken."""
    return AlreadyExists(
        kind, [str(entry.id)], "the privacy log is append-only: record an entry with a new id"
    )


def count_too_large(count: KeptCount) -> InvalidValue:
    """The error for adding ``count`` to a kept count that would then pass :data:`MAX_COUNT`."""
    return InvalidValue(
        "KeptCount",
        "count",
        count.count,
        f"adding it to the count kept for {count.key} would pass {MAX_COUNT}; nothing was added",
    )
