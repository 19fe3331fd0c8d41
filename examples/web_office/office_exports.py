"""The files halt_core's exporters make for the office: the network picture, the calendars.

The picture is drawn by the ``svg`` exporter, which needs Graphviz; without it the overview
shows the network as Mermaid text instead. The forum calendars come from the ``ics``
exporter.
"""

from __future__ import annotations

import io
import uuid

import attrs

from halt_core import ExportFailed, HaltError, Network, NotFound, UnknownFormat
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
    }
    with office.store.unit_of_work() as uow:
        try:
            out = io.BytesIO()
            export(uow, out, "svg", settings=settings)
            return Picture(svg=out.getvalue())
        except (ExportFailed, UnknownFormat) as error:
            problem = (
                "De netwerkplaat kon niet getekend worden; meestal ontbreekt Graphviz op de "
                f"server (installeer het met: apt-get install graphviz). Melding: {error}"
            )
        try:
            out = io.BytesIO()
            export(uow, out, "mermaid", settings=settings)
            return Picture(mermaid=out.getvalue().decode("utf-8"), problem=problem)
        except HaltError:
            return Picture(problem=problem)


def calendar_file(office: Office, forum: uuid.UUID | None) -> tuple[bytes, str, str]:
    """The iCalendar file of every forum of the arrondissement, or of one: bytes, type, name.

    Raises:
        NotFound: ``forum`` is not a forum of the arrondissement.

    """
    with office.store.unit_of_work() as uow:
        # The exporter is given only the arrondissement's forums, so "all" means those.
        forums = uow.forums.query(area=office.area)
        meetings = [m for f in forums for m in uow.meetings.query(owner=f.id)]
        members = {m for f in forums for m in f.members}
        partners = [p for p in uow.partners.query(area=office.area) if p.id in members]
    network = Network(partners=tuple(partners), forums=tuple(forums), meetings=tuple(meetings))
    if forum is None:
        setting, name = "all", f"overleggen-{_slug(office.arrondissement.value)}"
    else:
        found = [f for f in network.forums if f.id == forum]
        if not found:
            raise NotFound("forum", forum, "not a forum of this arrondissement")
        setting, name = f"forum:{forum}", _slug(found[0].name)
    out = io.BytesIO()
    report = export(network, out, "ics", settings={"calendar": setting})
    return out.getvalue(), report.media_type, f"{name}.ics"


def _slug(text: str) -> str:
    """``text`` fit for a file name: lower case, with dashes for anything but letters and digits."""
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
