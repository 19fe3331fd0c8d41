"""Plausible Dutch names for demo records. Fictional: no real school or person is meant.

School groups and classes are the ones Dutch schools have: primary school groups 1 to 8
(Halt's lessons are for groups 7 and 8), secondary school classes 1 to 6 (the first is the
*brugklas*), and mbo years 1 to 4.
"""

from __future__ import annotations

from typing import Literal

SchoolType = Literal["primary", "secondary", "mbo"]
"""What kind of school a demo school is: basisschool, middelbare school or mbo."""

SCHOOL_NAMES = (
    "De Regenboog",
    "Het Palet",
    "De Vlinder",
    "Het Kompas",
    "De Wereldwijzer",
    "Het Mozaïek",
    "De Springplank",
    "De Zonnewijzer",
    "Het Baken",
    "De Horizon",
    "De Kleine Prins",
    "Het Anker",
)
PRIMARY_PREFIXES = ("OBS", "CBS", "KBS", "Montessorischool")
SECONDARY_NAMES = (
    "Stedelijk College",
    "Stedelijk Lyceum",
    "Christelijk Lyceum",
    "Openbare Scholengemeenschap",
    "Vakcollege",
    "Stedelijk Gymnasium",
)
"""The first words of a secondary school's name; the town follows: ``Vakcollege Ede``."""
MBO_NAMES = ("ROC", "Vakschool", "MBO College")
"""The first words of an mbo school's name; the town follows: ``ROC Tilburg``."""
DISTRICTS = ("Centrum", "Noord", "Oost", "Zuid", "West", "Nieuw-West", "Zuidoost")
LOCATIONS = ("buurthuis", "jongerencentrum", "wijkcentrum", "sporthal", "bibliotheek")

PRIMARY_GROUPS = tuple(range(1, 9))
"""The groups of a Dutch primary school: 1 to 8."""
SECONDARY_CLASSES = tuple(range(1, 7))
"""The classes of a Dutch secondary school: 1 (the brugklas) to 6 (vwo's last)."""
MBO_YEARS = tuple(range(1, 5))
"""The years of an mbo course: 1 to 4."""

_LESSONS: dict[SchoolType, tuple[tuple[str, int, int], ...]] = {
    # (who, youngest, oldest): Halt's lessons are for groups 7 and 8 and secondary school
    "primary": (("groep 7", 10, 11), ("groep 8", 11, 12), ("groep 7 en 8", 10, 12)),
    "secondary": (
        ("brugklas", 12, 13),
        *((f"klas {n}", 11 + n, 12 + n) for n in SECONDARY_CLASSES[1:]),
    ),
    # mbo students start at 16; the lessons stop at 18, so years 1 and 2
    "mbo": (("mbo, leerjaar 1", 16, 17), ("mbo, leerjaar 2", 17, 18)),
}
_PARENTS: dict[SchoolType, str] = {
    "primary": "ouders groep 7 en 8",
    "secondary": "ouders brugklas en klas 2",
    "mbo": "ouders eerstejaars mbo",
}


def lesson_groups(school: SchoolType) -> tuple[tuple[str, int, int], ...]:
    """The groups a lesson at a ``school`` can be for: (description, youngest, oldest age)."""
    return _LESSONS[school]


def parent_group(school: SchoolType) -> str:
    """Whose parents come to a parent meeting at a ``school``, e.g. ``ouders groep 7 en 8``."""
    return _PARENTS[school]
