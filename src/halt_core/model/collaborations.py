"""Collaborations: lasting cooperation between Halt and its partners.

A collaboration is chain cooperation in the youth justice chain, a commission from a
commissioning client (opdrachtgever), a covenant or a looser network. Halt is always one of
the parties, so :attr:`Collaboration.partners` lists the *other* organisations.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from halt_core.ids import CollaborationId, PartnerId
from halt_core.model._categories import FREE_TEXT, ORGANISATIONAL
from halt_core.model._checks import check_types, free_text, text
from halt_core.model.geography import Area, Level
from halt_core.model.periods import Period
from halt_core.model.themes import ProblemArea, WorkDomain

__all__ = [
    "Agreement",
    "Collaboration",
    "CollaborationKind",
    "CollaborationStatus",
]


class CollaborationKind(enum.StrEnum):
    """The form a collaboration takes."""

    CHAIN_COOPERATION = "chain_cooperation"
    """Ketensamenwerking: cooperation of youth justice chain partners."""
    COMMISSION = "commission"
    """Opdracht: work a commissioning client asks for (and usually pays)."""
    COVENANT = "covenant"
    """Convenant: written agreements between several organisations."""
    NETWORK = "network"
    """Netwerk: lasting contact without a formal agreement."""


class CollaborationStatus(enum.StrEnum):
    """Where a collaboration stands in its lifecycle."""

    PROPOSED = "proposed"
    """Being discussed; not yet agreed."""
    ACTIVE = "active"
    """Agreed and running."""
    SUSPENDED = "suspended"
    """Paused; may resume."""
    ENDED = "ended"
    """Over."""


@attrs.frozen(kw_only=True)
class Agreement:
    """One thing the parties of a collaboration agreed on.

    Attributes:
        text: what was agreed, e.g. ``"Halt geeft jaarlijks 20 voorlichtingslessen"``.
        agreed_on: the day it was agreed, if known.

    """

    text: str = attrs.field(validator=text(1000), metadata=FREE_TEXT)
    agreed_on: dt.date | None = attrs.field(default=None, metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        check_types(self)


@attrs.frozen(kw_only=True)
class Collaboration:
    """A lasting cooperation between Halt and one or more partners.

    Attributes:
        id: the collaboration's id.
        name: a short name, e.g. ``"Aanpak winkeldiefstal Zaanstad"``.
        kind: chain cooperation, commission, covenant or network.
        domain: the side of the work it serves: repressive, preventive or both.
        level: the level it works at.
        area: the area it covers.
        partners: the partners taking part besides Halt, in the order they are listed.
        commissioner: the commissioning client (opdrachtgever), for a commission.
        period: when it runs.
        agreements: what the parties agreed on.
        problem_areas: the problems it addresses.
        status: where it stands in its lifecycle.
        notes: anything else worth knowing, free text.

    """

    id: CollaborationId = attrs.field(metadata=ORGANISATIONAL)
    name: str = attrs.field(validator=text(200), metadata=ORGANISATIONAL)
    kind: CollaborationKind = attrs.field(metadata=ORGANISATIONAL)
    domain: WorkDomain = attrs.field(metadata=ORGANISATIONAL)
    level: Level = attrs.field(metadata=ORGANISATIONAL)
    area: Area = attrs.field(metadata=ORGANISATIONAL)
    partners: tuple[PartnerId, ...] = attrs.field(default=(), metadata=ORGANISATIONAL)
    commissioner: PartnerId | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    period: Period = attrs.field(metadata=ORGANISATIONAL)
    agreements: tuple[Agreement, ...] = attrs.field(default=(), metadata=FREE_TEXT)
    problem_areas: frozenset[ProblemArea] = attrs.field(
        default=frozenset(), metadata=ORGANISATIONAL
    )
    status: CollaborationStatus = attrs.field(
        default=CollaborationStatus.PROPOSED, metadata=ORGANISATIONAL
    )
    notes: str = attrs.field(default="", validator=free_text(), metadata=FREE_TEXT)

    def __attrs_post_init__(self) -> None:
        check_types(self)
