"""Youths appear in the model only under a pseudonym.

A pseudonym is a token issued by Halt's case system (or by an export, which replaces each
with one of its own), never a name or a number that could point at a person. The check is
there to keep such things out, so it is strict about the shape, and an error it raises never
repeats the value: it describes what the value looked like instead ("a name-like text", "a
9-digit number that passes the 11-test, like a BSN").

The accepted shape, checked by :func:`pseudonym_problem`:

- 6 to 64 characters: upper-case letters ``A`` to ``Z`` and digits ``0`` to ``9``, in groups
  joined by single ``-`` or ``_`` (``Y-7F3K9Q2M``, ``X-MZXW6YTBOI3DEMRQ``, ``HALT_A1B2C3``);
  so no spaces, no lower-case letters (no ``Jan de Vries``, no ``JanDeVries2011``), no
  ``@``, ``+``, ``.`` or brackets (no e-mail address or phone number);
- at least one digit, or else 16 letters or more: a short run of letters alone reads as a
  word or a name (``JANSEN``);
- no word of four letters or more written straight against a year from 1900 to 2099
  (``JANSEN2011``; ``HALT-2024-A0123`` is fine);
- and, reading the digits across ``-`` and ``_`` (``03-04-2010`` is ``03042010``), no number
  that could identify a person: none of 10 digits or more (a phone or account number), none
  of 9 digits that passes the 11-test (a BSN), none of 8 digits that is a date of birth
  written day-month-year or year-month-day (``03042010``, ``20100403``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NewType

from halt_core.errors import InvalidValue
from halt_core.model._checks import PERSONAL_TYPES

__all__ = ["PSEUDONYM_SHAPE", "YouthPseudonym", "check_pseudonym", "pseudonym_problem"]

YouthPseudonym = NewType("YouthPseudonym", str)
"""A pseudonymous token for a youth, e.g. ``"Y-7F3K9Q2M"`` (see :data:`PSEUDONYM_SHAPE`)."""

PERSONAL_TYPES.add(YouthPseudonym)

PSEUDONYM_SHAPE = (
    "expected a pseudonym, never a name or a number that could identify a person: 6 to 64 "
    "upper-case letters A-Z and digits 0-9 in groups joined by - or _, with a digit (or 16 "
    "letters or more), no word against a year, and no phone number, BSN or date in its "
    "digits; e.g. Y-7F3K9Q2M"
)
"""What a :data:`YouthPseudonym` must look like, in words, as errors say it."""

_SHAPE = re.compile(r"[A-Z0-9]+(?:[-_][A-Z0-9]+)*")
_DIGITS = re.compile(r"[0-9]+")
_NAME_WITH_YEAR = re.compile(
    r"[A-Z]{4}(?:19|20)[0-9]{2}(?![0-9])|(?<![0-9])(?:19|20)[0-9]{2}[A-Z]{4}"
)
_SEPARATORS = str.maketrans("", "", "-_")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{7,}")


def pseudonym_problem(value: object) -> str | None:
    """Why ``value`` is not a pseudonym, in words that never repeat it; None when it is one.

    The words describe the shape (``a name-like text of 2 words``, ``an e-mail address``),
    so they may go into an error, a log line or a message to a user.
    """
    if not isinstance(value, str):
        return f"a value of type {type(value).__name__}, not text"
    if not 6 <= len(value) <= 64:
        return f"a text of {len(value)} characters"
    if _SHAPE.fullmatch(value) is None:
        return _describe_wrong_characters(value)
    compact = value.translate(_SEPARATORS)
    for run in _DIGITS.findall(compact):
        found = _number_problem(run)
        if found is not None:
            return found
    if len(compact) < 16 and not any(c.isdigit() for c in compact):
        return f"a word of {len(compact)} letters, which may be a name"
    if _NAME_WITH_YEAR.search(value) is not None:
        return "a word with a year, which may be a name and a year of birth"
    return None


def check_pseudonym(instance: object, attribute: Any, value: Any) -> None:
    """The attrs validator for :data:`YouthPseudonym` fields; the error never shows the value."""
    problem = pseudonym_problem(value)
    if problem is not None:
        raise InvalidValue(
            type(instance).__name__, attribute.name, problem, PSEUDONYM_SHAPE, withheld=True
        )


def _describe_wrong_characters(value: str) -> str:
    if _EMAIL.search(value):
        return "an e-mail address"
    if _PHONE.fullmatch(value.strip()):
        return "a phone number"
    words = value.split()
    letters = [c for c in value if c.isalpha()]
    if len(words) > 1 and letters:
        return f"a name-like text of {len(words)} words"
    if any(c.islower() for c in letters) and any(c.isupper() for c in letters):
        return "a name-like text of mixed-case letters"
    if letters and all(c.islower() for c in letters):
        return "a text with lower-case letters"
    return "a text with characters other than A-Z, 0-9, - and _"


def _number_problem(digits: str) -> str | None:
    if len(digits) >= 10:
        return f"a number of {len(digits)} digits, like a phone or account number"
    if len(digits) == 9 and _passes_eleven_test(digits):
        return "a 9-digit number that passes the 11-test, like a BSN"
    if len(digits) == 8 and _is_date(digits):
        return "an 8-digit number that reads as a date, like a date of birth"
    return None


def _passes_eleven_test(digits: str) -> bool:
    # The BSN's elfproef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11.
    total = sum((9 - i) * int(d) for i, d in enumerate(digits[:8])) - int(digits[8])
    return total % 11 == 0 and digits != "000000000"


def _is_date(digits: str) -> bool:
    for year, month, day in (
        (digits[4:], digits[2:4], digits[:2]),  # day-month-year: 03042010
        (digits[:4], digits[4:6], digits[6:]),  # year-month-day: 20100403
    ):
        if year[:2] not in ("19", "20"):
            continue
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
        return True
    return False
