"""Free text scrubbed of what can be recognised as pointing at a person.

Free text (a note, an agenda title, the reason a meeting was cancelled) is what people
typed, so it may hold anything. Where free text has to go out anyway (a notification, an
export that was asked to keep free text scrubbed), :func:`scrub` replaces what it can
recognise with the marker :data:`REMOVED`, ``[verwijderd]`` (Dutch: the text is read by
Dutch staff), and reports how many of each kind it removed::

    >>> found = scrub("Casus Y-BGW7LDL3, geb. 03-04-2010, Dorpsstraat 12, 1234 AB Ergens")
    >>> found.text
    'Casus [verwijderd], geb. [verwijderd], [verwijderd], [verwijderd] Ergens'
    >>> {kind.value: count for kind, count in found.removed.items()}
    {'pseudonym': 1, 'birth': 1, 'postcode': 1, 'address': 1}

What it recognises (each is a :class:`ScrubKind`):

- the pseudonyms given in ``pseudonyms``, anywhere, in any case, and anything shaped like a
  youth pseudonym (see :mod:`halt_core.model.pseudonyms`: ``Y-7F3K9Q2M``, but also
  ``GM0363`` or ``COVID-19``, which are shaped the same);
- up to three words after ``geb.``, ``geboren``, ``geboortedatum`` or ``geboorteplaats``;
- e-mail addresses;
- dates: ``03-04-2010``, ``3-4-10``, ``3/4/2010``, ``2010-04-03`` and ``3 april 2010`` or
  ``3 apr.`` with Dutch month names (with or without the year);
- phone numbers: Dutch ones (a 0 and nine digits, in any spacing: ``06-12345678``,
  ``(020) 123 45 67``) and international ones (``+`` or ``00``, then 7 to 15 digits);
- BSN-like numbers: every 9-digit number (``123456789``, ``1234.56.789``), and 8-digit
  ones that pass the BSN's 11-test or read as a date (``03042010``);
- Dutch postcodes (``1234 AB``, ``1234AB``, ``1234ab``);
- Dutch street addresses: a capitalised word ending in ``straat``, ``weg``, ``laan``,
  ``plein``, ``gracht``, ``kade``, ``singel``, ``dijk``, ``pad``, ``hof``, ``steeg``,
  ``dreef``, ``markt``, ``plantsoen``, ``baan`` or ``wal`` followed by a house number
  (``Dorpsstraat 12a``), or a street word first (``Laan van Meerdervoort 5``).

What it cannot do: **names are not recognised**. No pattern tells ``Jan de Vries`` from
``Den Haag`` or ``Vierde Klas``, so a name in free text survives scrubbing. A street
written in lower case, a date in words of another language, a phone number written with
words, or a house described without its number survive too. Scrubbing lowers the risk of
free text that must go out; it does not make free text safe to share. Leave free text out
where it can be (exports do by default).

Scrubbing takes time linear in the length of the text whatever it holds: every pattern
repeats either a bounded number of times or possessively from the start of a run, without
nested ambiguity, so no input makes it backtrack without end. It is idempotent: scrubbing
scrubbed text changes nothing (text next to a marker is never read as part of a match, and
the marker itself matches nothing).
"""

from __future__ import annotations

import enum
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import attrs

from halt_core.errors import InvalidValue
from halt_core.model.pseudonyms import pseudonym_problem
from halt_core.model.words import DUTCH_MONTHS

__all__ = ["OMITTED", "REMOVED", "ScrubKind", "Scrubbed", "scrub"]

REMOVED = "[verwijderd]"
"""What stands where something was removed: Dutch for "removed", for Dutch readers."""

OMITTED = "[weggelaten]"
"""What stands for free text left out whole where a field cannot be empty ("left out").

Not used by :func:`scrub`, which removes parts of a text; exports
(:mod:`halt_core.export.privacy`) and CloudEvents leave whole texts out with it.
"""


class ScrubKind(enum.StrEnum):
    """A kind of thing :func:`scrub` recognises and removes."""

    PSEUDONYM = "pseudonym"
    """A pseudonym given, or anything shaped like a youth pseudonym."""
    BIRTH = "birth"
    """The words after ``geb.``, ``geboren``, ``geboortedatum`` or ``geboorteplaats``."""
    EMAIL = "email"
    """An e-mail address."""
    DATE = "date"
    """A date, in digits or with a Dutch month name."""
    PHONE = "phone"
    """A Dutch or an international phone number."""
    BSN = "bsn"
    """A BSN-like number: any 9 digits, or 8 that pass the 11-test or read as a date."""
    POSTCODE = "postcode"
    """A Dutch postcode, ``1234 AB``."""
    ADDRESS = "address"
    """A Dutch street name with a house number."""


def _frozen_counts(counts: Mapping[ScrubKind, int]) -> Mapping[ScrubKind, int]:
    return MappingProxyType({kind: counts[kind] for kind in ScrubKind if counts.get(kind)})


@attrs.frozen
class Scrubbed:
    """Scrubbed text, and what was removed from it.

    Attributes:
        text: the text, with :data:`REMOVED` where something was removed.
        removed: how many of each kind were removed, in the order of :class:`ScrubKind`;
            only kinds that were found.

    """

    text: str
    removed: Mapping[ScrubKind, int] = attrs.field(factory=dict, converter=_frozen_counts)

    @property
    def total(self) -> int:
        """How many things were removed in all."""
        return sum(self.removed.values())

    def __str__(self) -> str:
        """The scrubbed text."""
        return self.text


# -- the patterns ------------------------------------------------------------------------------
# Rules that keep scrubbing linear and idempotent:
# - every repetition is bounded, and what repeats is unambiguous (a separator run, then a
#   digit; a word, then a space), so an attempt at one position costs a bounded number of
#   steps; or it is possessive and starts only where a run of what it repeats starts (the
#   lookbehind), so each character is read by one attempt;
# - no pattern matches a bracket, and every lookaround treats "[" and "]" as blocking, so
#   a marker is never matched, never part of a match, and never opens a boundary that was
#   closed before it was put there.

_B = r"\[\]"  # the marker's edges, blocking in every lookaround
_SEP = r"[ \t().\-/]{0,3}"  # what people write between the digits of a phone number

_BIRTH = re.compile(
    rf"(?<![\w{_B}])(?i:geb\.(?:datum|dat\.)?|geboren|geboortedatum|geboorteplaats)"
    r"(?:[ \t]{0,3}:)?"
    r"(?:[ \t\n]{1,3}(?i:op|in|te)(?![\w]))?"
    r"[ \t\n]{1,3}"
    r"(?P<what>[^\s,;:()\[\]]{1,60}(?:[ \t][^\s,;:()\[\]]{1,60}){0,2})"
)
# An address is found from its "@" on: the domain with this pattern (possessive, so each
# character is read once), the local part by looking back at most 64 characters.
_AT_DOMAIN = re.compile(r"@[\w\-]++(?:\.[\w\-]++)++")
_LOCAL_PART = re.compile(r"[\w.!#$%&'*+/=?^`{|}~\-]{1,64}\Z")
_MONTHS = "|".join((*DUTCH_MONTHS, "jan|feb|febr|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"))
_DATE = re.compile(
    # day-month-year, with the same separator twice: 03-04-2010, 3/4/10, 3.4.2010
    rf"(?<![0-9{_B}])[0-3]?[0-9]([-/.])[01]?[0-9]\1(?:[0-9]{{4}}|[0-9]{{2}})(?![0-9{_B}])"
    # year-month-day: 2010-04-03
    rf"|(?<![0-9{_B}])(?:19|20)[0-9]{{2}}([-/.])[01]?[0-9]\2[0-3]?[0-9](?![0-9{_B}])"
    # a day and a Dutch month, perhaps a year: 3 april 2010, 3 apr., 3 mei
    rf"|(?<![\w{_B}])[0-3]?[0-9]\.?[ \t]{{1,3}}(?i:{_MONTHS})(?![a-zA-Z])\.?"
    rf"(?:[ \t]{{1,3}}(?:[0-9]{{4}}|'[0-9]{{2}})(?![0-9]))?(?![{_B}])"
)
_PHONE = re.compile(
    # international: +31 6 12345678, 0031 20 1234567, +44 20 7946 0958
    rf"(?<![\w+{_B}])(?:\+|00)[ \t]?[1-9](?:{_SEP}[0-9]){{6,14}}(?![0-9{_B}])"
    # Dutch: a 0 and nine digits, 06-12345678, (020) 123 45 67
    rf"|(?<![\w+{_B}])\(?0(?:{_SEP}[0-9]){{9}}(?![0-9{_B}])"
)
_NUMBER = re.compile(rf"(?<![0-9{_B}])[0-9](?:\.?[0-9]){{7,8}}(?![0-9{_B}])")
_POSTCODE = re.compile(rf"(?<![\w{_B}])[1-9][0-9]{{3}}(?:[ \t]?[A-Z]{{2}}|[a-z]{{2}})(?![\w{_B}])")
_STREET_ENDS = (
    "straat|weg|laan|plein|gracht|kade|singel|dijk|pad|hof|steeg|dreef|markt|plantsoen|baan|wal"
)
_STREET_WORDS = "Straat|Weg|Laan|Plein|Gracht|Kade|Singel|Dijk|Pad|Hof|Steeg|Dreef|Markt|Plantsoen"
_HOUSE_NUMBER = (
    r"[ \t]{1,3}[1-9][0-9]{0,4}"
    r"(?:-?[A-Za-z0-9]{1,4}(?![\w])|[ \t][A-Za-z](?![\w]))?"
    rf"(?![0-9{_B}])"
)
_ADDRESS = re.compile(
    # Dorpsstraat 12, Burgemeester-Jansenlaan 3a, 's-Gravendijk 5
    rf"(?<![\w{_B}])(?:'s-)?[A-Z][a-zà-ÿ'\-]{{0,40}}(?:{_STREET_ENDS}){_HOUSE_NUMBER}"
    # Laan van Meerdervoort 5, Plein 1944 nr 2 is not caught; Kade de Ruijter 3 is
    rf"|(?<![\w{_B}])(?:{_STREET_WORDS})(?:[ \t]{{1,3}}(?:van|der|de|den|het|ten|ter|op|aan))"
    rf"{{0,3}}[ \t]{{1,3}}[A-Z][a-zà-ÿ'\-]{{0,40}}{_HOUSE_NUMBER}"
)
# Maximal runs of what pseudonyms are made of; each is checked with pseudonym_problem.
_RUN = re.compile(rf"(?<![A-Z0-9_\-{_B}])[A-Z0-9_\-]++(?![{_B}])")


def _bsn_like(digits: str) -> bool:
    if len(digits) == 9:
        return True  # any 9-digit number, to be safe: the 11-test is a hint, not a proof
    if len(digits) != 8:
        return False
    # An 8-digit BSN is a 9-digit one with a leading zero.
    total = sum((8 - i) * int(d) for i, d in enumerate(digits[:7])) - int(digits[7])
    return total % 11 == 0 or _reads_as_date(digits)


def _reads_as_date(digits: str) -> bool:
    for year, month, day in (
        (digits[4:], digits[2:4], digits[:2]),
        (digits[:4], digits[4:6], digits[6:]),
    ):
        if year[:2] in ("19", "20") and 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return True
    return False


Replace = Callable[[re.Match[str]], str]


def _pass(kind: ScrubKind, counts: Counter[ScrubKind]) -> Replace:
    def replace(match: re.Match[str]) -> str:
        counts[kind] += 1
        return REMOVED

    return replace


def _birth(counts: Counter[ScrubKind]) -> Replace:
    def replace(match: re.Match[str]) -> str:
        counts[ScrubKind.BIRTH] += 1
        start, end = match.span("what")
        text = match.string
        return text[match.start() : start] + REMOVED + text[end : match.end()]

    return replace


def _numbers(text: str, counts: Counter[ScrubKind]) -> str:
    """``text`` without its BSN-like numbers.

    A number of 8 digits that is not BSN-like is passed over one digit at a time, not
    whole, so the 9 digits that may overlap it are still found.
    """
    pieces: list[str] = []
    done = position = 0
    while (match := _NUMBER.search(text, position)) is not None:
        if _bsn_like(match.group().replace(".", "")):
            pieces += [text[done : match.start()], REMOVED]
            counts[ScrubKind.BSN] += 1
            done = position = match.end()
        else:
            position = match.start() + 1
    return "".join(pieces) + text[done:] if pieces else text


def _run(counts: Counter[ScrubKind]) -> Replace:
    def replace(match: re.Match[str]) -> str:
        run = match.group()
        core = run.strip("-_")
        if pseudonym_problem(core) is not None:
            return run
        counts[ScrubKind.PSEUDONYM] += 1
        start = run.index(core)
        return run[:start] + REMOVED + run[start + len(core) :]

    return replace


def scrub(text: str, *, pseudonyms: Iterable[str] = frozenset()) -> Scrubbed:
    """``text`` with what looks like personal data replaced by :data:`REMOVED`.

    ``pseudonyms`` are youth pseudonyms known to be about (those of a network, of a
    meeting's cases): each is removed wherever it occurs, in any case, even inside a word.
    Anything else shaped like a pseudonym is removed too, as are dates, BSN-like numbers,
    phone numbers, e-mail addresses, postcodes, street addresses and the words after
    ``geb.``/``geboren`` (see the module's description for the exact shapes). Names are
    not recognised: see the module's description.

    Returns a :class:`Scrubbed`: the text, and how many of each kind were removed, for the
    caller to report. Takes time linear in the length of ``text``; scrubbing twice gives
    the same text as scrubbing once.

    Raises :class:`~halt_core.errors.InvalidValue` when ``text`` is not text, or one of
    ``pseudonyms`` is not shaped like a pseudonym (the error describes it, never repeats
    it).
    """
    if not isinstance(text, str):
        raise InvalidValue("scrub", "text", text, "text to scrub (a str)")
    if isinstance(pseudonyms, str):
        raise InvalidValue(
            "scrub",
            "pseudonyms",
            "one text",
            "a set of pseudonyms, e.g. {'Y-7F3K9Q2M'}",
            withheld=True,
        )
    known = frozenset(pseudonyms)
    for pseudonym in known:
        problem = pseudonym_problem(pseudonym)
        if problem is not None:
            raise InvalidValue(
                "scrub", "pseudonyms", problem, "youth pseudonyms, e.g. Y-7F3K9Q2M", withheld=True
            )
    counts: Counter[ScrubKind] = Counter()
    if known:
        text = _known(frozenset(p.upper() for p in known)).sub(
            _pass(ScrubKind.PSEUDONYM, counts), text
        )
    text = _BIRTH.sub(_birth(counts), text)
    text = _emails(text, counts)
    text = _DATE.sub(_pass(ScrubKind.DATE, counts), text)
    text = _PHONE.sub(_pass(ScrubKind.PHONE, counts), text)
    text = _numbers(text, counts)
    text = _POSTCODE.sub(_pass(ScrubKind.POSTCODE, counts), text)
    text = _ADDRESS.sub(_pass(ScrubKind.ADDRESS, counts), text)
    text = _RUN.sub(_run(counts), text)
    return Scrubbed(text, counts)


_Trie = dict[str, "_Trie"]


def _emails(text: str, counts: Counter[ScrubKind]) -> str:
    """``text`` without its e-mail addresses: a local part, an ``@`` and a domain."""
    pieces: list[str] = []
    done = 0  # the end of the last address removed: a local part starts after it
    for match in _AT_DOMAIN.finditer(text):
        at = match.start()
        local = _LOCAL_PART.search(text, max(done, at - 64), at)
        if local is None:
            continue
        pieces += [text[done : local.start()], REMOVED]
        done = match.end()
        counts[ScrubKind.EMAIL] += 1
    return "".join(pieces) + text[done:] if pieces else text


@functools.lru_cache(maxsize=16)
def _known(pseudonyms: frozenset[str]) -> re.Pattern[str]:
    """One pattern for all ``pseudonyms``, as a trie: linear in the text, however many."""
    trie: _Trie = {}
    for pseudonym in pseudonyms:
        node = trie
        for char in pseudonym:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(_alternatives(trie), re.IGNORECASE)


def _alternatives(node: _Trie) -> str:
    # Longest first: a pseudonym that another one starts with must not cut that one short.
    branches = [
        re.escape(char) + _alternatives(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
