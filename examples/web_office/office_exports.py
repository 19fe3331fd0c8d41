"""The files halt_core's exporters make for the office: the network picture, the calendars.

The picture is drawn by the ``svg`` exporter, which needs Graphviz; without it the overview
shows the network as Mermaid text instead. The calendar of all the arrondissement's forums,
to download, comes from the ``ics`` exporter (the feeds to subscribe to are in
:mod:`office_feeds`).
"""

from __future__ import annotations

import io

import attrs

from halt_core import ExportFailed, HaltError, Network, UnknownFormat
from halt_core.export import export

from office_context import Office


@attrs.frozen
class Picture:
    """The network picture, or what to show instead.

    Attributes:
        svg: the SVG drawing, when Graphviz could draw it.
        mermaid: the Mermaid text of the network, when there is no SVG but that could be made.
        problem: why there is no drawing, in Dutch (with the error's own words).

    """

    svg: bytes | None = None
    mermaid: str | None = None
    problem: str | None = None


def network_picture(office: Office) -> Picture:
    """Draw the arrondissement's network with the svg exporter; fall back to Mermaid text."""
    settings = {
        "arrondissement": office.arrondissement.value,
        "title": f"Samenwerkingsnetwerk van Halt in arrondissement {office.arrondissement.value}",
        "language": "nl",  # the office speaks Dutch: levels, kinds and roles in the picture too
    }
    with office.store.unit_of_work() as uow:
        try:
            out = io.BytesIO()
            export(uow, out, "svg", settings=settings)
            return Picture(svg=out.getvalue())
        except (ExportFailed, UnknownFormat) as error:
            problem = (
                "De netwerkplaat kon niet getekend worden; meestal ontbreekt Graphviz op de "
                "server (installeer het met: apt-get install graphviz). Melding: "
                f"{error.message('nl')}"
            )
        try:
            out = io.BytesIO()
            export(uow, out, "mermaid", settings=settings)
            return Picture(mermaid=out.getvalue().decode("utf-8"), problem=problem)
        except HaltError:
            return Picture(problem=problem)


def calendar_file(office: Office) -> tuple[bytes, str, str]:
    """The iCalendar file of every forum of the arrondissement: bytes, type, file name.

    A download: the records are given as a network (only the arrondissement's), which has
    no stored versions, so every event is SEQUENCE 0. The feeds to subscribe to, one per
    forum and per partner, are exported from the store (:mod:`office_feeds`).
    """
    with office.store.unit_of_work() as uow:
        # The exporter is given only the arrondissement's forums, so "all" means those.
        forums = uow.forums.query(area=office.area)
        meetings = [m for f in forums for m in uow.meetings.query(owner=f.id)]
        members = {m for f in forums for m in f.members}
        partners = [p for p in uow.partners.query(area=office.area) if p.id in members]
    network = Network(partners=tuple(partners), forums=tuple(forums), meetings=tuple(meetings))
    out = io.BytesIO()
    report = export(network, out, "ics", settings={"calendar": "all"})
    name = f"overleggen-{_slug(office.arrondissement.value)}"
    return out.getvalue(), report.media_type, f"{name}.ics"


def _slug(text: str) -> str:
    """``text`` fit for a file name: lower case, with dashes for anything but letters and digits."""
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
