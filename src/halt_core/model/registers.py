"""The numbers under which partners are known in the registers other government systems use.

- **OIN** (organisatie-identificatienummer): 20 digits, handed out by Logius in the OIN
  system: an 8-digit prefix naming the register the number comes from (``00000001`` for an
  RSIN, ``00000003`` for a KvK number, ...), the number in that register and a suffix. It
  identifies an organisation in Digikoppeling and in the ``source`` of NL GOV CloudEvents.
- **KvK number**: the 8-digit number of the Handelsregister of the Kamer van Koophandel.
- **BRIN**: the 4-character number DUO gives a school (2 digits and 2 letters, ``12AB``),
  optionally followed by the 2-digit *vestigingsnummer* of one of its locations (``12AB01``).

Only the shape is checked: whether an organisation with that number exists is for the
register to say. ::

    >>> oin_problem("00000001003214345000") is None, kvk_problem("1234567")
    (True, 'expected a KvK number: 8 digits, e.g. 12345678')
    >>> normalise_brin("12ab01")
    '12AB01'
"""

from __future__ import annotations

import re

from halt_core.errors import InvalidValue

__all__ = [
    "BRIN_ALLOWED",
    "BRIN_SHAPE",
    "KVK_ALLOWED",
    "KVK_SHAPE",
    "OIN_ALLOWED",
    "OIN_SHAPE",
    "brin_problem",
    "kvk_problem",
    "normalise_brin",
    "oin_problem",
]

OIN_SHAPE = re.compile(r"[0-9]{20}")  # [0-9], not \d: no other scripts' digits
"""The shape of an OIN: 20 digits."""
KVK_SHAPE = re.compile(r"[0-9]{8}")
"""The shape of a KvK number: 8 digits."""
BRIN_SHAPE = re.compile(r"[0-9]{2}[A-Z]{2}(?:[0-9]{2})?")
"""The shape of a BRIN as stored: 2 digits, 2 capital letters, optionally 2 digits more."""

OIN_ALLOWED = "expected an OIN: 20 digits, e.g. 00000001003214345000"
"""What an OIN field accepts, in words."""
KVK_ALLOWED = "expected a KvK number: 8 digits, e.g. 12345678"
"""What a KvK field accepts, in words."""
BRIN_ALLOWED = (
    "expected a BRIN: 2 digits and 2 letters, e.g. 12AB, optionally followed by the 2-digit "
    "vestigingsnummer, e.g. 12AB01"
)
"""What a BRIN field accepts, in words."""

_BRIN_INPUT = re.compile(r"[0-9]{2}[A-Za-z]{2}(?:[0-9]{2})?")


def oin_problem(text: object) -> str | None:
    """What is wrong with ``text`` as an OIN, in words; None when it has the shape of one."""
    return None if isinstance(text, str) and OIN_SHAPE.fullmatch(text) else OIN_ALLOWED


def kvk_problem(text: object) -> str | None:
    """What is wrong with ``text`` as a KvK number; None when it has the shape of one."""
    return None if isinstance(text, str) and KVK_SHAPE.fullmatch(text) else KVK_ALLOWED


def brin_problem(text: object) -> str | None:
    """What is wrong with ``text`` as a BRIN (letters in either case); None when it fits."""
    return None if isinstance(text, str) and _BRIN_INPUT.fullmatch(text) else BRIN_ALLOWED


def normalise_brin(text: str) -> str:
    """The BRIN ``text`` with its letters in capitals, as DUO writes it.

    Raises :class:`~halt_core.errors.InvalidValue` when it does not have the shape of one.
    """
    problem = brin_problem(text)
    if problem is not None:
        raise InvalidValue("BRIN", "brin", text, problem)
    return text.upper()
