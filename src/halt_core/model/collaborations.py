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

    text: str = attrs.field(validator=text(1000))
    agreed_on: dt.date | None = None

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

    id: CollaborationId
    name: str = attrs.field(validator=text(200))
    kind: CollaborationKind
    domain: WorkDomain
    level: Level
    area: Area
    partners: tuple[PartnerId, ...] = ()
    commissioner: PartnerId | None = None
    period: Period
    agreements: tuple[Agreement, ...] = ()
    problem_areas: frozenset[ProblemArea] = frozenset()
    status: CollaborationStatus = CollaborationStatus.PROPOSED
    notes: str = attrs.field(default="", validator=free_text())

    def __attrs_post_init__(self) -> None:
        check_types(self)
