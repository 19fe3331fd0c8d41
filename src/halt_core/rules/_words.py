"""Words for values in rule messages: English and Dutch."""

from __future__ import annotations

from halt_core.model import Area, AreaKind, ForumKind, PartnerKind, Period, Session
from halt_core.model.words import dutch as nl
from halt_core.model.words import dutch_count, dutch_noun, english_count, english_noun
from halt_core.model.words import english as en

__all__ = [
    "area_relative_nl",
    "area_words",
    "dutch_count",
    "en",
    "english_count",
    "kind_words",
    "nl",
    "period_words",
    "when",
]


def kind_words(
    kind: PartnerKind | ForumKind | AreaKind,
    prefix: str = "kind",
    *,
    en_verbs: dict[str, tuple[str, str]] | None = None,
    nl_verbs: dict[str, tuple[str, str]] | None = None,
) -> dict[str, str]:
    """A kind in running text, with its article, as ``{prefix}_en`` and ``{prefix}_nl``.

    ``{prefix}_which_nl`` is the Dutch relative pronoun referring back to it (``die``/``dat``);
    each of ``en_verbs`` and ``nl_verbs`` maps a message field to a verb's singular and plural,
    and the field gets the one that agrees with the kind (``mag``/``mogen``).
    """
    english, dutch = english_noun(kind), dutch_noun(kind)
    words = {
        f"{prefix}_en": english.indefinite,
        f"{prefix}_nl": dutch.indefinite,
        f"{prefix}_which_nl": dutch.relative,
    }
    for field, (singular, plural) in (en_verbs or {}).items():
        words[field] = english.verb(singular, plural)
    for field, (singular, plural) in (nl_verbs or {}).items():
        words[field] = dutch.verb(singular, plural)
    return words


def area_relative_nl(area: Area) -> str:
    """The Dutch relative pronoun referring back to an area: ``gemeente GM0363, die``."""
    if area.kind is AreaKind.COUNTRY:
        return "dat"  # Nederland
    return dutch_noun(area.kind).relative


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


def when(session: Session) -> str:
    """When ``session`` starts, as messages show it: ``2026-09-14 09:00``."""
    return f"{session.start:%Y-%m-%d %H:%M}"
