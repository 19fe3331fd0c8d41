"""Plausible Dutch names for demo records. Fictional: no real school or person is meant."""

from __future__ import annotations

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
SECONDARY_NAMES = ("College", "Lyceum", "Scholengemeenschap", "Vakcollege")
DISTRICTS = ("Centrum", "Noord", "Oost", "Zuid", "West", "Nieuw-West", "Zuidoost")
LOCATIONS = ("buurthuis", "jongerencentrum", "wijkcentrum", "sporthal", "bibliotheek")
