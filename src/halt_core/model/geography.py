"""Where things happen: levels, municipalities, safety regions, arrondissementen and areas.

Halt works at three :class:`Level` s. A local partner works in one municipality (gemeente);
a regional one in an arrondissement (judicial district, the area of the AJB and APJ), a
safety region (veiligheidsregio) or a set of municipalities (a Zorg- en Veiligheidshuis's
working area); a national one in the whole country. An :class:`Area` names one of those.
Which municipality lies where is reference data, answered by the
:class:`~halt_core.model.gazetteer.Gazetteer`.
"""

from __future__ import annotations

import enum
import re

import attrs

from halt_core.errors import InvalidValue
from halt_core.model._categories import ORGANISATIONAL
from halt_core.model._checks import (
    MUNICIPALITY_CODE,
    SAFETY_REGION_CODE,
    check_types,
    matches,
    text,
)

__all__ = [
    "Area",
    "AreaKind",
    "Arrondissement",
    "Level",
    "Municipality",
    "SafetyRegion",
]


class Level(enum.StrEnum):
    """The level a partner, forum or piece of work operates at."""

    LOCAL = "local"
    """Lokaal: one municipality."""
    REGIONAL = "regional"
    """Regionaal: an arrondissement, a safety region or a set of municipalities."""
    NATIONAL = "national"
    """Landelijk: the whole of the Netherlands."""


class Arrondissement(enum.StrEnum):
    """The 11 arrondissementen (judicial districts); the value is the official name."""

    AMSTERDAM = "Amsterdam"
    DEN_HAAG = "Den Haag"
    GELDERLAND = "Gelderland"
    LIMBURG = "Limburg"
    MIDDEN_NEDERLAND = "Midden-Nederland"
    NOORD_HOLLAND = "Noord-Holland"
    NOORD_NEDERLAND = "Noord-Nederland"
    OOST_BRABANT = "Oost-Brabant"
    OVERIJSSEL = "Overijssel"
    ROTTERDAM = "Rotterdam"
    ZEELAND_WEST_BRABANT = "Zeeland-West-Brabant"

    @classmethod
    def named(cls, name: str) -> Arrondissement:
        """The arrondissement called ``name``, whatever its case, spaces or hyphens.

        ``"midden nederland"`` and ``"MIDDEN_NEDERLAND"`` both find ``Midden-Nederland``.
        Raises :class:`~halt_core.errors.InvalidValue` listing the names otherwise.
        """
        wanted = _letters(str(name))
        for member in cls:
            if wanted in (_letters(member.value), _letters(member.name)):
                return member
        names = ", ".join(m.value for m in cls)
        raise InvalidValue("Arrondissement", "name", name, f"one of {names}")


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


@attrs.frozen(kw_only=True)
class SafetyRegion:
    """A safety region (veiligheidsregio), one of 25, each inside one arrondissement.

    Attributes:
        code: ``VR`` and two digits, e.g. ``VR13``.
        name: its name, e.g. ``Amsterdam-Amstelland``.
        arrondissement: the arrondissement it lies in.

    """

    code: str = attrs.field(
        validator=matches(SAFETY_REGION_CODE, "expected VR and 2 digits"), metadata=ORGANISATIONAL
    )
    name: str = attrs.field(validator=text(100), metadata=ORGANISATIONAL)
    arrondissement: Arrondissement = attrs.field(metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        check_types(self)


@attrs.frozen(kw_only=True)
class Municipality:
    """A Dutch municipality (gemeente) as the CBS division of one year lists it.

    Attributes:
        code: the CBS code, ``GM`` and four digits, e.g. ``GM0363`` (Amsterdam).
        name: the official name in CBS spelling, e.g. ``'s-Gravenhage``.
        safety_region: the safety region it lies in.
        arrondissement: the arrondissement it lies in.

    """

    code: str = attrs.field(
        validator=matches(MUNICIPALITY_CODE, "expected GM and 4 digits, e.g. GM0363"),
        metadata=ORGANISATIONAL,
    )
    name: str = attrs.field(validator=text(100), metadata=ORGANISATIONAL)
    safety_region: SafetyRegion = attrs.field(metadata=ORGANISATIONAL)
    arrondissement: Arrondissement = attrs.field(metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        check_types(self)
        if self.safety_region.arrondissement is not self.arrondissement:
            raise InvalidValue(
                "Municipality",
                "arrondissement",
                self.arrondissement,
                f"must be the arrondissement of its safety region {self.safety_region.code} "
                f"({self.safety_region.arrondissement.value})",
            )


class AreaKind(enum.StrEnum):
    """What an :class:`Area` is made of, which decides the codes it holds."""

    MUNICIPALITY = "municipality"
    """One municipality: one ``GM`` code."""
    MUNICIPALITIES = "municipalities"
    """A working area of several municipalities, e.g. a Zorg- en Veiligheidshuis's."""
    SAFETY_REGION = "safety_region"
    """One safety region: one ``VR`` code."""
    ARRONDISSEMENT = "arrondissement"
    """One arrondissement: its name."""
    COUNTRY = "country"
    """The whole of the Netherlands: no codes."""

    @property
    def level(self) -> Level:
        """The level an area of this kind belongs to."""
        return _LEVEL_OF_AREA_KIND[self]


_LEVEL_OF_AREA_KIND = {
    AreaKind.MUNICIPALITY: Level.LOCAL,
    AreaKind.MUNICIPALITIES: Level.REGIONAL,
    AreaKind.SAFETY_REGION: Level.REGIONAL,
    AreaKind.ARRONDISSEMENT: Level.REGIONAL,
    AreaKind.COUNTRY: Level.NATIONAL,
}

_ARRONDISSEMENT_NAMES = frozenset(a.value for a in Arrondissement)


def _check_codes(kind: AreaKind, codes: tuple[str, ...]) -> None:
    if kind is AreaKind.COUNTRY:
        ok, allowed = not codes, "a country area holds no codes"
    elif kind is AreaKind.MUNICIPALITIES:
        ok = bool(codes) and all(_is_code(MUNICIPALITY_CODE, c) for c in codes)
        ok = ok and len(set(codes)) == len(codes)
        allowed = "expected one or more different municipality codes (GM and 4 digits)"
    elif kind is AreaKind.MUNICIPALITY:
        ok = len(codes) == 1 and _is_code(MUNICIPALITY_CODE, codes[0])
        allowed = "expected exactly one municipality code (GM and 4 digits)"
    elif kind is AreaKind.SAFETY_REGION:
        ok = len(codes) == 1 and _is_code(SAFETY_REGION_CODE, codes[0])
        allowed = "expected exactly one safety region code (VR and 2 digits)"
    else:
        ok = len(codes) == 1 and codes[0] in _ARRONDISSEMENT_NAMES
        allowed = (
            f"expected exactly one arrondissement name, one of {sorted(_ARRONDISSEMENT_NAMES)}"
        )
    if not ok:
        raise InvalidValue("Area", "codes", codes, f"for kind {kind.value!r}: {allowed}")


def _is_code(pattern: re.Pattern[str], value: object) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


@attrs.frozen(kw_only=True)
class Area:
    """A place a partner, forum, collaboration or intervention covers.

    Build one with the named constructors rather than by hand::

        Area.municipality("GM0363")
        Area.arrondissement(Arrondissement.AMSTERDAM)
        Area.safety_region("VR13")
        Area.municipalities(["GM0363", "GM0362"])
        Area.country()

    Whether the codes exist is the gazetteer's business (and a rule's); the constructor only
    checks their form. Codes of a ``municipalities`` area are kept sorted, so two areas with
    the same municipalities are equal.

    Attributes:
        kind: what the area is made of.
        codes: the municipality codes, safety region code or arrondissement name.

    """

    kind: AreaKind = attrs.field(metadata=ORGANISATIONAL)
    codes: tuple[str, ...] = attrs.field(default=(), metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        kind, codes = self.kind, self.codes
        # The usual areas pass every check, check_types' too, in a few comparisons: a code
        # that fits its kind is text without NUL or surrogates. Anything else (and a
        # municipalities area, whose codes are sorted) takes the checks below.
        if type(codes) is tuple and len(codes) == 1 and type(codes[0]) is str:
            code = codes[0]
            if kind is AreaKind.MUNICIPALITY:
                if MUNICIPALITY_CODE.fullmatch(code) is not None:
                    return
            elif kind is AreaKind.SAFETY_REGION:
                if SAFETY_REGION_CODE.fullmatch(code) is not None:
                    return
            elif kind is AreaKind.ARRONDISSEMENT and code in _ARRONDISSEMENT_NAMES:
                return
        elif type(codes) is tuple and not codes and kind is AreaKind.COUNTRY:
            return
        _check_area(self)

    @classmethod
    def municipality(cls, code: str) -> Area:
        """The area of one municipality, by CBS code."""
        return cls(kind=AreaKind.MUNICIPALITY, codes=(code,))

    @classmethod
    def municipalities(cls, codes: tuple[str, ...] | list[str] | frozenset[str]) -> Area:
        """A working area made of several municipalities, by CBS code."""
        return cls(kind=AreaKind.MUNICIPALITIES, codes=tuple(codes))

    @classmethod
    def safety_region(cls, code: str) -> Area:
        """The area of one safety region, by code (``VR01`` to ``VR25``)."""
        return cls(kind=AreaKind.SAFETY_REGION, codes=(code,))

    @classmethod
    def arrondissement(cls, arrondissement: Arrondissement | str) -> Area:
        """The area of one arrondissement."""
        return cls(kind=AreaKind.ARRONDISSEMENT, codes=(str(arrondissement),))

    @classmethod
    def country(cls) -> Area:
        """The whole of the Netherlands."""
        return cls(kind=AreaKind.COUNTRY)

    @property
    def level(self) -> Level:
        """The level this area belongs to: local, regional or national."""
        return self.kind.level

    def __str__(self) -> str:
        if self.kind is AreaKind.COUNTRY:
            return "Nederland"
        return f"{self.kind.value}:{','.join(self.codes)}"


def _check_area(area: Area) -> None:
    """Every check of an :class:`Area`, the words for each problem; keeps the codes sorted."""
    check_types(area)
    _check_codes(area.kind, area.codes)  # here, not as a validator: one call per area
    if len(area.codes) > 1:
        object.__setattr__(area, "codes", tuple(sorted(area.codes)))
