"""Build a clean demo network: plausible, deterministic, and free of violations.

:class:`Builder` combines the steps, each a module of its own, and runs them in order.
"""

from __future__ import annotations

from halt_core.demo._collaborations import CollaborationSteps
from halt_core.demo._forums import ForumSteps
from halt_core.demo._work import WorkSteps

__all__ = ["Builder"]


class Builder(ForumSteps, CollaborationSteps, WorkSteps):
    """Builds a clean network step by step; the planters reuse its helpers and indexes.

    Each step is a class of its own module (partners, forums and meetings, collaborations,
    the work); they share one :class:`~halt_core.demo._base.BuilderBase`, so one object holds
    the generators, the records and the indexes (see there for why there are three
    generators). Every step but the partners needs the partners, so each extends
    :class:`~halt_core.demo._partners.PartnerSteps`; they need nothing of each other's
    methods, only the records :meth:`build` has made before them.
    """

    def build(self) -> None:
        """Build every part, in an order in which each can refer to what exists."""
        self.build_partners()
        self.build_forums()
        self.tick("forums", len(self.forums), len(self.forums))
        self.build_meetings()
        self.build_collaborations()
        self.tick("collaborations", len(self.collaborations), len(self.collaborations))
        self.build_interventions()
        self.build_referrals()
        self.link_cases()
