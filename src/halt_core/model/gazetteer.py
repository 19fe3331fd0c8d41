"""The gazetteer: which municipality lies in which safety region and arrondissement.

The data ships with the package: one CSV file per municipal division, named
``municipalities-<year>.csv`` in ``halt_core/data`` (columns ``cbs_code``, ``name``,
``safety_region_code``, ``safety_region_name``, ``arrondissement``). Municipalities merge on
1 January of most years; a newer division is a new data file, not a code change, and
:meth:`Gazetteer.load` picks the newest one unless asked for a year.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
from collections.abc import Iterable, Iterator
from importlib import resources

from halt_core.errors import InvalidValue, NotFound
from halt_core.model.geography import (
    Area,
    AreaKind,
    Arrondissement,
    Municipality,
    SafetyRegion,
)

__all__ = ["Gazetteer", "available_divisions"]

_DATA_FILE = re.compile(r"municipalities-(\d{4})\.csv")
_COLUMNS = ("cbs_code", "name", "safety_region_code", "safety_region_name", "arrondissement")


def available_divisions() -> tuple[int, ...]:
    """The years of the municipal divisions shipped with this package, oldest first."""
    data = resources.files("halt_core").joinpath("data")
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

    __slots__ = ("_by_code", "_by_name", "_in_arrondissement", "_in_region", "_regions", "year")

    year: int
    """The year of the municipal division this gazetteer holds, e.g. ``2024``."""

    def __init__(self, year: int, municipalities: Iterable[Municipality]) -> None:
        """Build a gazetteer of the ``year`` division from its municipalities.

        Raises :class:`~halt_core.errors.InvalidValue` when a code or a name occurs twice, or
        when one safety region is given two names or two arrondissementen.
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
    def from_csv(cls, year: int, text: str) -> Gazetteer:
        """Build a gazetteer from CSV text with the columns of the shipped files.

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
        return cls(year, municipalities)

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
    text = resources.files("halt_core").joinpath("data").joinpath(f"municipalities-{year}.csv")
    return Gazetteer.from_csv(year, text.read_text(encoding="utf-8"))
