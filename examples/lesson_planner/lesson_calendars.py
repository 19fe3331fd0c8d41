"""The schools' calendars: one iCalendar file per school with planned sessions.

Written by halt_core's ``ics`` exporter, one school at a time (``calendar=partner:<id>``),
and stamped with the planning moment rather than the clock, so the same plan gives
byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from halt_core import Gazetteer, Network, Partner, PartnerId
from halt_core.export import export

__all__ = ["calendar_names", "school_calendars", "slug"]


def slug(name: str) -> str:
    """``name`` as a file name: lowercase ASCII letters and digits joined by hyphens."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "school"


def calendar_names(schools: Sequence[Partner], gazetteer: Gazetteer) -> dict[PartnerId, str]:
    """A file name per school: ``<school-slug>.ics``, with the municipality when names clash."""
    schools = list({school.id: school for school in schools}.values())
    counts = Counter(slug(school.name) for school in schools)
    names: dict[PartnerId, str] = {}
    for school in schools:
        name = slug(school.name)
        if counts[name] > 1:
            name += "-" + slug(gazetteer.municipality(school.area.codes[0]).name)
        # Names differing only in punctuation can still clash: number them.
        taken = set(names.values())
        unique, n = name, 1
        while f"{unique}.ics" in taken:
            n += 1
            unique = f"{name}-{n}"
        names[school.id] = f"{unique}.ics"
    return names


def school_calendars(
    network: Network, at: dt.datetime, gazetteer: Gazetteer
) -> dict[str, tuple[Partner, bytes]]:
    """The iCalendar file of each school with planned sessions, by file name.

    Made in memory through the ``ics`` exporter (``calendar=partner:<id>``), so a failing
    export leaves no half-written folder behind.
    """
    with_sessions = {i.school for i in network.interventions if i.sessions}
    schools = [p for p in network.partners if p.id in with_sessions]
    names = calendar_names(schools, gazetteer)
    calendars = {}
    for school in sorted(schools, key=lambda p: names[p.id]):
        stream = io.BytesIO()
        export(
            network,
            stream,
            "ics",
            settings={"calendar": f"partner:{school.id}"},
            generated_at=at,
            gazetteer=gazetteer,
        )
        calendars[names[school.id]] = (school, stream.getvalue())
    return calendars
