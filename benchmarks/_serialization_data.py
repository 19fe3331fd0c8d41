"""The generated interventions of the serialization benchmark (``serialization.py``).

Plain dicts of the Python values each model's constructor takes (enum members, UUIDs, dates,
aware datetimes in Europe/Amsterdam, tuples, frozensets). Every side builds from the same dicts.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from halt_core.model import (
    AMSTERDAM,
    AreaKind,
    Arrondissement,
    Audience,
    Gazetteer,
    InterventionKind,
    InterventionStatus,
    ProblemArea,
)

Record = dict[str, Any]
"""One generated intervention: the keyword arguments of its constructors, nested."""

_SCHOOLS = (
    "OBS De Regenboog",
    "CBS De Wegwijzer",
    "Montessorischool Oost",
    "IKC Het Baken",
    "Stedelijk College",
    "SG Spieringshoek",
    "Christelijk Lyceum",
    "RSG Noord",
    "Basisschool De Zonnewijzer",
    "Vathorst College",
    "Openbare Daltonschool 't Palet",
)
_PLACES = (
    "Buurthuis De Schakel",
    "Jongerencentrum De Loods",
    "Wijkcentrum Het Anker",
    "Sporthal De Kamp",
    "Bibliotheek, zaal 2",
)
_TOPIC = {
    ProblemArea.STREET_NUISANCE: "overlast",
    ProblemArea.SHOPLIFTING: "winkeldiefstal",
    ProblemArea.FIREWORKS: "vuurwerk",
    ProblemArea.VANDALISM: "vandalisme",
    ProblemArea.AGGRESSION_AND_VIOLENCE: "agressie en geweld",
    ProblemArea.ONLINE_BEHAVIOUR: "online gedrag",
    ProblemArea.ALCOHOL_AND_DRUGS: "alcohol en drugs",
    ProblemArea.TRUANCY: "verzuim",
    ProblemArea.OTHER: "veiligheid",
}
_KIND_NAME = {
    InterventionKind.INFORMATION_LESSON: "Voorlichtingsles",
    InterventionKind.SCHOOL_SAFETY_ADVICE: "Schoolveiligheidsadvies",
    InterventionKind.YOUTH_MEDIATION: "Jongerenbemiddeling",
    InterventionKind.GUIDED_DIALOGUE: "Dialoog jongerengroep",
    InterventionKind.SAFE_PUBLIC_TASK: "Training Veilige Publieke Taak",
    InterventionKind.PARENT_MEETING: "Ouderbijeenkomst",
    InterventionKind.TAILORED: "Maatwerk",
}
_AUDIENCE = {
    InterventionKind.INFORMATION_LESSON: Audience.PUPILS,
    InterventionKind.SCHOOL_SAFETY_ADVICE: Audience.EDUCATION_STAFF,
    InterventionKind.YOUTH_MEDIATION: Audience.YOUTH_GROUP,
    InterventionKind.GUIDED_DIALOGUE: Audience.YOUTH_GROUP,
    InterventionKind.SAFE_PUBLIC_TASK: Audience.EDUCATION_STAFF,
    InterventionKind.PARENT_MEETING: Audience.PARENTS,
    InterventionKind.TAILORED: Audience.PROFESSIONALS,
}
_KIND_WEIGHTS = (50, 8, 10, 10, 5, 10, 7)
_STATUS_WEIGHTS = (5, 5, 10, 25, 25, 20, 5, 5)
_SURNAMES = ("devries", "jansen", "bakker", "visser", "smit", "meijer", "bos", "mulder", "dekker")
_NOTES = (
    "Graag afstemmen met de wijkagent.",
    "Les in twee delen; tweede deel na de kerstvakantie.",
    "Contactpersoon school is de zorgcoördinator.",
    "Ouders krijgen vooraf een brief (NL en EN).",
    "Aanvraag via het Zorg- en Veiligheidshuis; één groep van ongeveer 12 jongeren.",
    "Evaluatie samen met de jongerenwerker plannen.",
)
_FIRST_DAY = dt.date(2022, 1, 1)
_DAYS = (dt.date(2025, 12, 31) - _FIRST_DAY).days


def generate(n: int, seed: int) -> list[Record]:
    """``n`` realistic intervention records, the same for the same ``seed``."""
    rng = random.Random(seed)
    gazetteer = Gazetteer.load()
    municipalities = gazetteer.municipalities
    regions = gazetteer.safety_regions
    by_region: dict[str, list[str]] = {}
    for m in municipalities:
        by_region.setdefault(m.safety_region.code, []).append(m.code)
    kinds = tuple(InterventionKind)
    statuses = tuple(InterventionStatus)
    problems = tuple(ProblemArea)
    arrondissements = tuple(Arrondissement)

    def new_uuid() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    def area() -> Record:
        pick = rng.random()
        if pick < 0.80:
            return {"kind": AreaKind.MUNICIPALITY, "codes": (rng.choice(municipalities).code,)}
        if pick < 0.88:
            codes = by_region[rng.choice(regions).code]
            chosen = rng.sample(codes, min(len(codes), rng.randint(2, 6)))
            return {"kind": AreaKind.MUNICIPALITIES, "codes": tuple(chosen)}
        if pick < 0.94:
            return {"kind": AreaKind.SAFETY_REGION, "codes": (rng.choice(regions).code,)}
        if pick < 0.98:
            return {"kind": AreaKind.ARRONDISSEMENT, "codes": (rng.choice(arrondissements).value,)}
        return {"kind": AreaKind.COUNTRY, "codes": ()}

    def target_group(kind: InterventionKind, school: str) -> Record:
        audience = _AUDIENCE[kind]
        age_range: Record | None = None
        if audience is Audience.PUPILS:
            year = rng.randint(6, 8) if rng.random() < 0.6 else rng.randint(1, 4)
            if year >= 6:
                description = f"groep {year}, {school}"
                age_range = {"minimum": year + 3, "maximum": year + 5}
            else:
                description = f"klas {year}, {school}"
                age_range = {"minimum": year + 11, "maximum": year + 13}
        elif audience is Audience.YOUTH_GROUP:
            description = f"jongerengroep bij {rng.choice(_PLACES)}"
            low = rng.randint(12, 16)
            age_range = {"minimum": low, "maximum": low + rng.randint(2, 7)}
        elif audience is Audience.PARENTS:
            description = f"ouders van groep 7 en 8, {school}"
        elif audience is Audience.EDUCATION_STAFF:
            description = f"docenten en conciërges, {school}"
        else:
            description = "medewerkers winkelcentrum en jongerenwerk"
        return {
            "audience": audience,
            "description": description,
            "age_range": age_range,
            "size": rng.randint(8, 240) if rng.random() < 0.85 else None,
            "parents_involved": rng.random() < 0.2,
        }

    def sessions(first: dt.date, school: str, count: int) -> tuple[Record, ...]:
        out = []
        day = first
        for index in range(count):
            day += dt.timedelta(days=rng.randint(1 if index else 0, 21))
            while day.weekday() >= 5:  # weekdays only
                day += dt.timedelta(days=1)
            minutes = 8 * 60 + 30 + 15 * rng.randint(0, 28)  # 08:30 to 15:30
            start = dt.datetime(
                day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=AMSTERDAM
            )
            trainer = (
                f"{rng.choice('abcdefghijklmnoprstvwy')}.{rng.choice(_SURNAMES)}"
                if rng.random() < 0.7
                else (f"HALT-{rng.randint(1, 9999):04d}" if rng.random() < 0.7 else None)
            )
            out.append(
                {
                    "id": new_uuid(),
                    "start": start,
                    "end": start + dt.timedelta(minutes=rng.choice((45, 60, 90, 120))),
                    "location": f"{school}, lokaal {rng.randint(1, 40)}"
                    if rng.random() < 0.7
                    else rng.choice(_PLACES),
                    "trainer": trainer,
                }
            )
        return tuple(out)

    records = []
    for _ in range(n):
        kind = rng.choices(kinds, _KIND_WEIGHTS)[0]
        status = rng.choices(statuses, _STATUS_WEIGHTS)[0]
        chosen = frozenset(rng.sample(problems, rng.choice((1, 1, 1, 2, 2, 3))))
        school = rng.choice(_SCHOOLS)
        at_school = kind in (
            InterventionKind.INFORMATION_LESSON,
            InterventionKind.SCHOOL_SAFETY_ADVICE,
            InterventionKind.SAFE_PUBLIC_TASK,
            InterventionKind.PARENT_MEETING,
        )
        topic = _TOPIC[min(chosen)]
        requested_on = _FIRST_DAY + dt.timedelta(days=rng.randint(0, _DAYS))
        start = requested_on + dt.timedelta(days=rng.randint(7, 60))
        end = start + dt.timedelta(days=rng.randint(30, 180)) if rng.random() < 0.9 else None
        planned = sessions(start, school if at_school else rng.choice(_PLACES), rng.randint(1, 3))
        evaluation: Record | None = None
        if status is InterventionStatus.EVALUATED:
            last = planned[-1]["end"].date()
            evaluation = {
                "evaluated_on": last + dt.timedelta(days=rng.randint(7, 45)),
                "summary": f"Goed ontvangen; {topic} blijft aandacht vragen. "
                f"Vervolg besproken met {school}.",
                "reached": rng.randint(10, 400) if rng.random() < 0.8 else None,
            }
        records.append(
            {
                "id": new_uuid(),
                "kind": kind,
                "title": f"{_KIND_NAME[kind]} {topic} {school if at_school else 'wijk'}",
                "problem_areas": chosen,
                "target_group": target_group(kind, school),
                "area": area(),
                "commissioner": new_uuid() if rng.random() < 0.9 else None,
                "school": new_uuid() if at_school else None,
                "partners": tuple(new_uuid() for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))),
                "collaboration": new_uuid() if rng.random() < 0.4 else None,
                "period": {"start": start, "end": end},
                "sessions": planned,
                "status": status,
                "requested_on": requested_on,
                "evaluation": evaluation,
                "notes": rng.choice(_NOTES) if rng.random() < 0.4 else "",
            }
        )
    return records
