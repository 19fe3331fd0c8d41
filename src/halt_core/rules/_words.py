"""Words for values in rule messages: English and Dutch."""

from __future__ import annotations

from halt_core.model import Area, AreaKind, Period
from halt_core.model.words import dutch as nl
from halt_core.model.words import english as en

__all__ = ["area_words", "en", "nl", "period_words"]


def area_words(area: Area) -> tuple[str, str]:
    """An area in English and in Dutch, e.g. ``("arrondissement Amsterdam", ...)``."""
    codes = ", ".join(area.codes)
    if area.kind is AreaKind.COUNTRY:
        return "the Netherlands", "Nederland"
    return f"{en(area.kind)} {codes}", f"{nl(area.kind)} {codes}"


def period_words(period: Period) -> dict[str, str]:
    """A period as ``period_en`` and ``period_nl``: ``2026-08-01 to 2027-07-31`` / ``tot``."""
    start = period.start.isoformat()
    if period.end is None:
        return {"period_en": f"{start} with no end", "period_nl": f"{start} zonder einde"}
    end = period.end.isoformat()
    return {"period_en": f"{start} to {end}", "period_nl": f"{start} tot en met {end}"}
