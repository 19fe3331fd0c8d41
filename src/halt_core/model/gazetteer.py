"""The gazetteer: which municipality lies in which safety region and arrondissement.

The data ships with the package: one CSV file per municipal division, named
``municipalities-<year>.csv`` in ``halt_core/data`` (columns ``cbs_code``, ``name``,
``safety_region_code``, ``safety_region_name``, ``arrondissement``). Municipalities merge on
1 January of most years; a newer division is a new data file, not a code change, and
:meth:`Gazetteer.load` picks the newest one unless asked for a year.

Beside a division may lie ``inhabitants-<year>.csv`` (columns ``cbs_code``, ``inhabitants``):
how many people live in each of its municipalities, read by :meth:`Gazetteer.inhabitants`.
The one shipped for 2024 holds **the population on 1 January 2020** (:data:`INHABITANTS_AS_OF`)
as published by Statistics Netherlands (CBS, StatLine; CC BY 4.0), taken from the Ministry of
Health's copy for the corona dashboard (``minvws/nl-covid19-data-backend-processing``,
``resources/static_data/INHABITANTS_PER_MUNICIPALITY.csv``, EUPL-1.2) and summed into the
municipalities of 2024 that the reorganisations of 2021-2023 formed; Haaren, dissolved in
2021 and divided over four municipalities, is left out rather than guessed at
(:data:`INHABITANTS_SOURCE`; ``halt_core/data/README.md`` tells every step). No public copy
of the 2024 figures for all 342 municipalities was at hand; use these to weigh
municipalities against each other, not as today's population.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from halt_core.errors import InvalidValue, NotFound
from halt_core.model.geography import (
    Area,
    AreaKind,
    Arrondissement,
    Municipality,
    SafetyRegion,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["INHABITANTS_AS_OF", "INHABITANTS_SOURCE", "Gazetteer", "available_divisions"]

_DATA_FILE = re.compile(r"municipalities-(\d{4})\.csv")
_COLUMNS = ("cbs_code", "name", "safety_region_code", "safety_region_name", "arrondissement")

INHABITANTS_AS_OF = dt.date(2020, 1, 1)
"""The day the shipped numbers of inhabitants count: 1 January 2020 (see the module docstring)."""

INHABITANTS_SOURCE = (
    "CBS StatLine, bevolking op 1 januari 2020 per gemeente (CC BY 4.0), via "
    "minvws/nl-covid19-data-backend-processing "
    "resources/static_data/INHABITANTS_PER_MUNICIPALITY.csv (commit 5980f8e), "
    "summed into the municipal division of 2024; Haaren (dissolved in 2021) left out"
)
"""Where the shipped numbers of inhabitants come from, in one line (for a caption or a log)."""


def _shipped_data() -> Traversable:
    # importlib.resources (with pathlib, tempfile and urllib under it) would be a sixth of
    # `import halt_core`; the data is only read when a gazetteer is first loaded.
    from importlib import resources

    return resources.files("halt_core").joinpath("data")


def available_divisions() -> tuple[int, ...]:
    """The years of the municipal divisions shipped with this package, oldest first."""
    data = _shipped_data()
    years = (_DATA_FILE.fullmatch(entry.name) for entry in data.iterdir())
    return tuple(sorted(int(m.group(1)) for m in years if m))


class Gazetteer:
    """Answers where a municipality lies, and which municipalities lie in an area.

    Get the shipped data with :meth:`load` (cached; cheap to call again), or build one from
    your own rows with :meth:`from_csv`. A gazetteer is immutable.

    >>> g = Gazetteer.load()
    >>> g.arrondissement_of("GM0363").value
    'Amsterdam'
    """

    __slots__ = (
        "_by_code",
        "_by_name",
        "_in_arrondissement",
        "_in_region",
        "_inhabitants",
        "_regions",
        "inhabitants_as_of",
        "inhabitants_source",
        "year",
    )

    year: int
    """The year of the municipal division this gazetteer holds, e.g. ``2024``."""

    inhabitants_as_of: dt.date | None
    """The day the counts of :meth:`inhabitants` hold for (:data:`INHABITANTS_AS_OF` for the
    shipped divisions); None when not told."""

    inhabitants_source: str | None
    """Where the counts of :meth:`inhabitants` come from (:data:`INHABITANTS_SOURCE` for the
    shipped divisions); None when not told."""

    def __init__(
        self,
        year: int,
        municipalities: Iterable[Municipality],
        *,
        inhabitants: Mapping[str, int] | None = None,
        inhabitants_as_of: dt.date | None = None,
        inhabitants_source: str | None = None,
    ) -> None:
        """Build a gazetteer of the ``year`` division from its municipalities.

        ``inhabitants`` maps CBS codes to how many people live there (see
        :meth:`inhabitants`), counted on ``inhabitants_as_of`` and taken from
        ``inhabitants_source``; the shipped divisions come with theirs.

        Raises :class:`~halt_core.errors.InvalidValue` when a code or a name occurs twice, or
        when one safety region is given two names or two arrondissementen, or when
        ``inhabitants`` names a code the division does not have or a count below 0.
        """
        self.year = year
        by_code: dict[str, Municipality] = {}
        by_name: dict[str, Municipality] = {}
        regions: dict[str, SafetyRegion] = {}
        for municipality in municipalities:
            if municipality.code in by_code:
                raise InvalidValue(
                    "Gazetteer", "municipalities", municipality.code, "codes must be unique"
                )
            folded = municipality.name.casefold()
            if folded in by_name:
                raise InvalidValue(
                    "Gazetteer", "municipalities", municipality.name, "names must be unique"
                )
            region = regions.setdefault(municipality.safety_region.code, municipality.safety_region)
            if region != municipality.safety_region:
                raise InvalidValue(
                    "Gazetteer",
                    "municipalities",
                    municipality.safety_region,
                    f"safety region {region.code} is already known as {region}",
                )
            by_code[municipality.code] = municipality
            by_name[folded] = municipality
        self._by_code = dict(sorted(by_code.items()))
        self._by_name = by_name
        self._regions = dict(sorted(regions.items()))
        self._in_region: dict[str, tuple[Municipality, ...]] = {
            code: tuple(m for m in self._by_code.values() if m.safety_region.code == code)
            for code in self._regions
        }
        self._in_arrondissement: dict[Arrondissement, tuple[Municipality, ...]] = {
            a: tuple(m for m in self._by_code.values() if m.arrondissement is a)
            for a in Arrondissement
        }
        counts = dict(inhabitants or {})
        for code, count in counts.items():
            if code not in by_code:
                raise InvalidValue("Gazetteer", "inhabitants", code, f"not in the {year} division")
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise InvalidValue(
                    "Gazetteer", "inhabitants", {code: count}, "counts are whole numbers >= 0"
                )
        self._inhabitants = counts
        self.inhabitants_as_of = inhabitants_as_of
        self.inhabitants_source = inhabitants_source

    @classmethod
    def load(cls, year: int | None = None) -> Gazetteer:
        """The shipped division of ``year``, or the newest one when ``year`` is None.

        Raises :class:`~halt_core.errors.NotFound` for a year that is not shipped.
        """
        years = available_divisions()
        chosen = years[-1] if year is None else year
        if chosen not in years:
            raise NotFound("municipal division", year, f"the shipped divisions are {list(years)}")
        return _load_shipped(chosen)

    @classmethod
    def from_csv(
        cls,
        year: int,
        text: str,
        *,
        inhabitants: Mapping[str, int] | None = None,
        inhabitants_as_of: dt.date | None = None,
        inhabitants_source: str | None = None,
    ) -> Gazetteer:
        """Build a gazetteer from CSV text with the columns of the shipped files.

        The ``inhabitants`` arguments are those of :class:`Gazetteer`.

        Raises :class:`~halt_core.errors.InvalidValue` naming the line of a bad row.
        """
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in _COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise InvalidValue("Gazetteer", "columns", reader.fieldnames, f"missing {missing}")
        municipalities = []
        for row in reader:
            try:
                region = SafetyRegion(
                    code=row["safety_region_code"],
                    name=row["safety_region_name"],
                    arrondissement=Arrondissement(row["arrondissement"]),
                )
                municipalities.append(
                    Municipality(
                        code=row["cbs_code"],
                        name=row["name"],
                        safety_region=region,
                        arrondissement=region.arrondissement,
                    )
                )
            except ValueError as exc:
                raise InvalidValue(
                    "Gazetteer", f"line {reader.line_num}", dict(row), str(exc)
                ) from exc
        return cls(
            year,
            municipalities,
            inhabitants=inhabitants,
            inhabitants_as_of=inhabitants_as_of,
            inhabitants_source=inhabitants_source,
        )

    # -- municipalities ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Municipality]:
        return iter(self._by_code.values())

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __repr__(self) -> str:
        return f"<Gazetteer of the {self.year} division: {len(self)} municipalities>"

    @property
    def municipalities(self) -> tuple[Municipality, ...]:
        """Every municipality of the division, ordered by code."""
        return tuple(self._by_code.values())

    def municipality(self, code: str) -> Municipality:
        """The municipality with CBS code ``code``; :class:`NotFound` if there is none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise NotFound(
                "municipality with code", code, f"not in the {self.year} division; {_CODE_HINT}"
            ) from None

    def find(self, name: str) -> Municipality:
        """The municipality called ``name``; :class:`NotFound` if none.

        Case does not matter, nor a typographic apostrophe; the names people use for the two
        municipalities whose CBS names differ from them work too (``Den Haag`` for
        ``'s-Gravenhage``, ``Den Bosch`` for ``'s-Hertogenbosch``).
        """
        folded = name.strip().casefold().replace("\u2019", "'")
        folded = _COMMON_NAMES.get(folded, folded)
        try:
            return self._by_name[folded]
        except KeyError:
            import difflib  # only for this hint

            close = [
                self._by_name[n].name
                for n in sorted(self._by_name)
                if n.startswith(folded + " (")  # Bergen -> Bergen (L.), Bergen (NH.)
            ] or [
                self._by_name[n].name
                for n in difflib.get_close_matches(folded, self._by_name, n=3, cutoff=0.8)
            ]
            hint = f"did you mean {' or '.join(close)}?" if close else _NAME_HINT
            raise NotFound(
                "municipality named", repr(name), f"not in the {self.year} division; {hint}"
            ) from None

    def inhabitants(self, code: str) -> int | None:
        """How many people live in the municipality with CBS code ``code``.

        For the shipped divisions the count of 1 January 2020 (:data:`INHABITANTS_AS_OF`,
        from :data:`INHABITANTS_SOURCE`), summed into the municipalities that later
        reorganisations formed; None where the gazetteer has no count for it (a gazetteer
        built from your own rows without ``inhabitants``). Raises :class:`NotFound` for a
        code the division does not have.

        >>> Gazetteer.load().inhabitants("GM0363")  # Amsterdam with Weesp
        892495
        """
        self.municipality(code)
        return self._inhabitants.get(code)

    def arrondissement_of(self, code: str) -> Arrondissement:
        """The arrondissement the municipality with CBS code ``code`` lies in."""
        return self.municipality(code).arrondissement

    def safety_region_of(self, code: str) -> SafetyRegion:
        """The safety region the municipality with CBS code ``code`` lies in."""
        return self.municipality(code).safety_region

    # -- regions and areas ---------------------------------------------------------------

    @property
    def safety_regions(self) -> tuple[SafetyRegion, ...]:
        """Every safety region of the division, ordered by code."""
        return tuple(self._regions.values())

    def safety_region(self, code: str) -> SafetyRegion:
        """The safety region with ``code`` (``VR01`` to ``VR25``); :class:`NotFound` if none."""
        try:
            return self._regions[code]
        except KeyError:
            raise NotFound(
                "safety region", code, f"expected one of {', '.join(self._regions)}"
            ) from None

    def municipalities_in(self, area: Area | Arrondissement) -> tuple[Municipality, ...]:
        """The municipalities that lie in ``area``, ordered by code.

        An arrondissement may be passed directly. Raises :class:`NotFound` when the area
        names a code this division does not have.
        """
        if isinstance(area, Arrondissement):
            return self._in_arrondissement[area]
        kind = area.kind
        if kind is AreaKind.COUNTRY:
            return self.municipalities
        if kind is AreaKind.ARRONDISSEMENT:
            return self._in_arrondissement[Arrondissement(area.codes[0])]
        if kind is AreaKind.SAFETY_REGION:
            self.safety_region(area.codes[0])
            return self._in_region[area.codes[0]]
        return tuple(self.municipality(code) for code in area.codes)

    def municipality_codes_in(self, area: Area) -> frozenset[str]:
        """The CBS codes of the municipalities in ``area``."""
        return frozenset(m.code for m in self.municipalities_in(area))

    def contains(self, outer: Area, inner: Area) -> bool:
        """Whether ``inner`` lies wholly inside ``outer``.

        Every area lies inside the country and inside itself. Raises :class:`NotFound`
        when either area names a code this division does not have.
        """
        if outer.kind is AreaKind.COUNTRY or outer == inner:
            self.municipalities_in(inner)  # still reject unknown codes
            return True
        if inner.kind is AreaKind.COUNTRY:
            return False
        return self.municipality_codes_in(inner) <= self.municipality_codes_in(outer)

    def arrondissements_of(self, area: Area) -> frozenset[Arrondissement]:
        """The arrondissementen ``area`` touches (all 11 for the country)."""
        if area.kind is AreaKind.COUNTRY:
            return frozenset(Arrondissement)
        return frozenset(m.arrondissement for m in self.municipalities_in(area))

    def knows(self, area: Area) -> bool:
        """Whether every code ``area`` names exists in this division."""
        try:
            self.municipalities_in(area)
        except NotFound:
            return False
        return True


_CODE_HINT = "CBS codes are GM and 4 digits; list them with Gazetteer.load().municipalities"
_COMMON_NAMES = {
    "den haag": "'s-gravenhage",
    "the hague": "'s-gravenhage",
    "den bosch": "'s-hertogenbosch",
}
"""Names in everyday use, folded, for municipalities whose CBS name differs."""

_NAME_HINT = (
    "use the CBS spelling, e.g. 's-Gravenhage; list them with Gazetteer.load().municipalities"
)


@functools.cache
def _load_shipped(year: int) -> Gazetteer:
    data = _shipped_data()
    text = data.joinpath(f"municipalities-{year}.csv").read_text(encoding="utf-8")
    counts = data.joinpath(f"inhabitants-{year}.csv")
    if not counts.is_file():
        return Gazetteer.from_csv(year, text)
    rows = csv.DictReader(io.StringIO(counts.read_text(encoding="utf-8")))
    return Gazetteer.from_csv(
        year,
        text,
        inhabitants={row["cbs_code"]: int(row["inhabitants"]) for row in rows},
        inhabitants_as_of=INHABITANTS_AS_OF,
        inhabitants_source=INHABITANTS_SOURCE,
    )
