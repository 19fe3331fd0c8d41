"""Contact details and registry numbers for demo partners: well-formed, and nobody's.

Every value here passes the model's checks (and the libraries behind them), yet none can
reach or name a real organisation:

- **E-mail addresses** are the partner's name, folded to ASCII letters and digits joined by
  single dots, at ``example.nl``: at most 64 characters before the ``@``, never a dot at
  either end or two in a row, so `email-validator` accepts every one. A name that gave an
  address already in use gets a number (``.2``, ``.3``, ...).
- **Phone numbers** take the area code of the seat of the partner's arrondissement (020 for
  Amsterdam, 070 for national partners, ...) and a 7-digit subscriber number that starts with
  0. The Netherlands has no reserved range for fiction that we could verify, but a Dutch
  subscriber number never starts with 0 or 1 (those would read as a trunk or service prefix),
  so such a number is never assigned; libphonenumber, which checks only the length and the
  area code, finds it valid: ``+31 20 012 3456``. Kept in E.164, unique within a demo.
- **OIN**: prefix ``00000005``, which the prefix table of the OIN system (Logius, OIN-stelsel,
  *Data architectuur*) lists as *vrij, nog aan te wijzen*: no register has it, so no
  organisation has an OIN under it. Then a 9-digit counter and the suffix ``000`` that a
  9-digit main number takes: ``00000005000000001000``.
- **KvK numbers** start with ``00``: the first two digits of a KvK number were the code of the
  chamber that registered it, and those start at 01, so none starts with 00. Then a 6-digit
  counter: ``00000001``.
- **BRIN**: digits 90 to 99 and two letters (``90AA``, ``90AB``, ... ``99ZZ``), a block no
  school has. Past its 6,760 numbers, further schools get the vestigingsnummers 01 to 99 of
  them (``90AA01``).

These draw nothing from the builder's generator: numbers come from counters, and phone
numbers from a generator of their own seeded from the demo's seed, so adding them left every
other record of a seed as it was.
"""

from __future__ import annotations

import random
import string
import unicodedata

from halt_core.model import Arrondissement

__all__ = ["AREA_CODES", "NATIONAL_AREA_CODE", "Contacts", "local_part"]

DOMAIN = "example.nl"
"""The domain of every demo e-mail address."""

AREA_CODES = {
    Arrondissement.AMSTERDAM: "20",
    Arrondissement.ROTTERDAM: "10",
    Arrondissement.DEN_HAAG: "70",
    Arrondissement.MIDDEN_NEDERLAND: "30",  # Utrecht
    Arrondissement.NOORD_NEDERLAND: "50",  # Groningen
    Arrondissement.OOST_BRABANT: "73",  # 's-Hertogenbosch
    Arrondissement.GELDERLAND: "26",  # Arnhem
    Arrondissement.LIMBURG: "43",  # Maastricht
    Arrondissement.OVERIJSSEL: "38",  # Zwolle
    Arrondissement.NOORD_HOLLAND: "23",  # Haarlem
    Arrondissement.ZEELAND_WEST_BRABANT: "76",  # Breda
}
"""The area code (without the trunk 0) of the seat of every arrondissement."""

NATIONAL_AREA_CODE = "70"
"""The area code of national partners and of partners in no known arrondissement: Den Haag."""

OIN_PREFIX = "00000005"
KVK_PREFIX = "00"
BRIN_DIGITS = range(90, 100)

_MAX_LOCAL = 64  # RFC 5321: at most 64 octets before the @
_LETTERS = string.ascii_uppercase
_BRIN_BLOCK = len(BRIN_DIGITS) * len(_LETTERS) ** 2


def local_part(name: str) -> str:
    """``name`` as the part of an address before the ``@``: ASCII, dots between the words.

    ``"Raad voor de Kinderbescherming, landelijk"`` gives
    ``"raad.voor.de.kinderbescherming.landelijk"``: every run of other characters is one dot,
    none at either end, at most 64 characters.
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    text = ".".join(words)[:_MAX_LOCAL].strip(".")
    return text or "contact"


class Contacts:
    """Hands out the e-mail addresses, phone numbers and registry numbers of one demo."""

    def __init__(self, seed: int) -> None:
        # A generator of its own: drawing phone numbers leaves the builder's draws alone.
        self.rng = random.Random(f"contacts-{seed}")
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.oins = 0
        self.kvks = 0
        self.brins = 0

    def email(self, name: str) -> str:
        """A new address for the partner called ``name``, e.g. ``gemeente.utrecht@example.nl``."""
        local = local_part(name)
        candidate, n = local, 1
        while candidate in self.emails:
            n += 1
            suffix = f".{n}"
            candidate = local[: _MAX_LOCAL - len(suffix)].rstrip(".") + suffix
        self.emails.add(candidate)
        return f"{candidate}@{DOMAIN}"

    def phone(self, arrondissement: Arrondissement | None) -> str:
        """A new fictional number in the area of ``arrondissement`` (Den Haag for None), E.164.

        The subscriber number starts with 0, which no Dutch subscriber number does.
        """
        area = AREA_CODES[arrondissement] if arrondissement else NATIONAL_AREA_CODE
        while True:
            number = f"+31{area}0{self.rng.randrange(1_000_000):06d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def oin(self) -> str:
        """A new OIN under the free prefix ``00000005``: ``00000005`` + 9 digits + ``000``."""
        self.oins += 1
        return f"{OIN_PREFIX}{self.oins:09d}000"

    def kvk(self) -> str:
        """A new KvK number starting with ``00``, which no chamber code does."""
        self.kvks += 1
        if self.kvks >= 10**6:
            raise OverflowError("the demo has KvK numbers for 999,999 partners")
        return f"{KVK_PREFIX}{self.kvks:06d}"

    def brin(self) -> str:
        """A new BRIN from the block 90AA-99ZZ; past it, vestigingsnummers of those."""
        n = self.brins
        self.brins += 1
        location, index = divmod(n, _BRIN_BLOCK)
        if location > 99:
            raise OverflowError(f"the demo has BRINs for {_BRIN_BLOCK * 100:,} schools")
        digits, letters = divmod(index, len(_LETTERS) ** 2)
        first, second = divmod(letters, len(_LETTERS))
        brin = f"{BRIN_DIGITS[digits]}{_LETTERS[first]}{_LETTERS[second]}"
        return brin if location == 0 else f"{brin}{location:02d}"
