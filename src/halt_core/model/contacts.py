"""E-mail addresses and phone numbers: checked as mail servers and phone networks check them.

An e-mail address is checked with `email-validator`_ for its syntax only (no DNS lookups: the
library does no I/O), internationalised addresses allowed, and kept in the normalised form it
gives: the domain in lower case, Unicode in NFC. A phone number is read with
`phonenumbers`_ (Google's libphonenumber), as a Dutch number unless it starts with a country
code, and kept in E.164: ``+31201234567``. Two spellings of one address or number are one
value::

    >>> normalise_email("Team@Example.NL")
    'Team@example.nl'
    >>> normalise_phone("020 - 123 45 67"), normalise_phone("+31 (0)20 1234567")
    ('+31201234567', '+31201234567')
    >>> national_phone("+31201234567")
    '020 123 4567'

Both libraries are read the first time an address or number is checked, so importing
halt_core stays quick; the results of the last few thousand checks are remembered.

.. _email-validator: https://pypi.org/project/email-validator/
.. _phonenumbers: https://pypi.org/project/phonenumbers/
"""

from __future__ import annotations

import functools
from typing import Any

from halt_core.errors import InvalidValue

__all__ = [
    "EMAIL_ALLOWED",
    "MAX_EMAIL_INPUT",
    "MAX_PHONE_INPUT",
    "PHONE_ALLOWED",
    "email_problem",
    "national_phone",
    "normalise_email",
    "normalise_phone",
    "phone_problem",
]

EMAIL_ALLOWED = "expected an e-mail address like team@example.nl"
"""What an e-mail field accepts, in words (the start of every e-mail error)."""

PHONE_ALLOWED = "expected a phone number like 020 123 4567 or +31 20 123 4567"
"""What a phone field accepts, in words (the start of every phone error)."""

MAX_EMAIL_INPUT = 1024
"""Longer text is refused before it is read: no address is longer than 254 characters."""

MAX_PHONE_INPUT = 64
"""Longer text is refused before it is read: no phone number, spaced out, is that long."""

_MAX_REASON = 160
# Checking an address or number is slow (tens of microseconds), so recent answers are kept:
# enough for the partners a page or a unit of work shows again and again. Not more: a large
# read (an export, a whole network) sees each once, and a larger cache would only grow with
# the store (4,096 entries took some 1.5 MiB).
_CACHE = 512


def normalise_email(text: str) -> str:
    """The normalised form of the e-mail address ``text``.

    Raises :class:`~halt_core.errors.InvalidValue` (owner ``"e-mail address"``) saying what is
    wrong when `email-validator` refuses it.
    """
    normalised, reason = _email(text) if isinstance(text, str) else (None, "not text")
    if normalised is None:
        raise InvalidValue("e-mail address", "email", text, f"{EMAIL_ALLOWED}: {reason}")
    return normalised


def email_problem(text: str) -> str | None:
    """What is wrong with the e-mail address ``text``, in words; None when it is valid."""
    return _email(text)[1]


def normalise_phone(text: str) -> str:
    """The phone number ``text`` in E.164, e.g. ``"+31201234567"``.

    Read as a Dutch number unless it starts with ``+`` (or ``00``) and a country code. Raises
    :class:`~halt_core.errors.InvalidValue` (owner ``"phone number"``) when `phonenumbers`
    cannot read it or finds it is not a valid number, and for a number with an extension,
    which E.164 cannot hold.
    """
    normalised, reason = _phone(text) if isinstance(text, str) else (None, "not text")
    if normalised is None:
        raise InvalidValue("phone number", "phone", text, f"{PHONE_ALLOWED}: {reason}")
    return normalised


def phone_problem(text: str) -> str | None:
    """What is wrong with the phone number ``text``, in words; None when it is valid."""
    return _phone(text)[1]


@functools.lru_cache(maxsize=_CACHE)
def national_phone(e164: str) -> str:
    """How people write the number ``e164``: Dutch numbers nationally, others internationally.

    ``"+31201234567"`` becomes ``"020 123 4567"``, ``"+3225551212"`` ``"+32 2 555 12 12"``.
    Text that is not a valid number is returned as it is.
    """
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, "NL")
    except phonenumbers.NumberParseException:
        return e164
    if not phonenumbers.is_valid_number(number):
        return e164
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 31
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


@functools.lru_cache(maxsize=_CACHE)
def _email(text: str) -> tuple[str | None, str | None]:
    """``(normalised, None)`` for a valid address, ``(None, reason)`` for another."""
    if len(text) > MAX_EMAIL_INPUT:
        return None, f"it is {len(text):,} characters long; an address has at most 254"
    import email_validator

    try:
        result = email_validator.validate_email(
            text, check_deliverability=False, allow_smtputf8=True
        )
    except email_validator.EmailNotValidError as exc:
        return None, _reason(exc)
    except Exception as exc:  # whatever it raises, the address is not valid
        return None, f"it could not be read ({type(exc).__name__})"
    normalised: str = result.normalized
    return normalised, None


@functools.lru_cache(maxsize=_CACHE)
def _phone(text: str) -> tuple[str | None, str | None]:
    """``(E.164, None)`` for a valid number, ``(None, reason)`` for another."""
    if len(text) > MAX_PHONE_INPUT:
        return None, f"it is {len(text):,} characters long; a number has at most 15 digits"
    import phonenumbers

    try:
        number: Any = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException as exc:
        kinds = phonenumbers.NumberParseException
        reasons = {getattr(kinds, name): reason for name, reason in _PARSE_REASONS.items()}
        return None, reasons.get(exc.error_type, "it is not a phone number")
    except Exception as exc:  # whatever it raises, the number is not valid
        return None, f"it could not be read ({type(exc).__name__})"
    if not phonenumbers.is_valid_number(number):
        region = phonenumbers.region_code_for_number(number)
        where = "a Dutch" if region == "NL" else f"a valid +{number.country_code}"
        return None, f"it is not {where} phone number (check the digits and the country code)"
    if number.extension:
        return None, "it has an extension, which cannot be stored; give the number without it"
    e164: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164, None


_PARSE_REASONS = {
    "INVALID_COUNTRY_CODE": "the country code after + is unknown",
    "NOT_A_NUMBER": "it is not a phone number",
    "TOO_SHORT_AFTER_IDD": "it is too short after the international prefix",
    "TOO_SHORT_NSN": "it is too short to be a phone number",
    "TOO_LONG": "it is too long to be a phone number",
}


def _reason(exc: Exception) -> str:
    """email-validator's explanation, as a clause of the library's own sentence, bounded."""
    reason = str(exc).strip().rstrip(".")
    reason = reason[:1].lower() + reason[1:]
    if len(reason) > _MAX_REASON:
        reason = reason[: _MAX_REASON - 3] + "..."
    return reason
