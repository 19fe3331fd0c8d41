"""The collaborations of a demo: chain cooperation, covenants, commissions, networks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from halt_core.demo._even import even_collaborations
from halt_core.demo._partners import PartnerSteps
from halt_core.ids import CollaborationId
from halt_core.model import (
    Agreement,
    Area,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    Level,
    Partner,
    PartnerKind,
    Period,
    ProblemArea,
    WorkDomain,
)

__all__ = ["CollaborationSteps"]

_NETWORK_STATUSES = (
    CollaborationStatus.ACTIVE,
    CollaborationStatus.PROPOSED,
    CollaborationStatus.SUSPENDED,
)


class CollaborationSteps(PartnerSteps):
    """Makes the collaborations; a municipality's active commission is kept for its work."""

    def collaboration(
        self,
        name: str,
        kind: CollaborationKind,
        domain: WorkDomain,
        level: Level,
        area: Area,
        partners: Sequence[Partner],
        period: Period,
        status: CollaborationStatus,
        *,
        commissioner: Partner | None = None,
        problems: frozenset[ProblemArea] = frozenset(),
    ) -> Collaboration:
        """A new collaboration, added to the network."""
        collaboration = Collaboration(
            id=self.new_id(CollaborationId),
            name=name,
            kind=kind,
            domain=domain,
            level=level,
            area=area,
            partners=tuple(dict.fromkeys(p.id for p in partners)),
            commissioner=commissioner.id if commissioner else None,
            period=period,
            agreements=(
                Agreement(
                    text="Halt en partners stemmen de aanpak elk kwartaal af",
                    agreed_on=period.start,
                ),
            ),
            problem_areas=problems,
            status=status,
        )
        self.collaborations.append(collaboration)
        return collaboration

    def school_year(self, offset: int = 0) -> Period:
        """The school year around :attr:`as_of`, or ``offset`` years from it."""
        year = (self.as_of.year if self.as_of.month >= 8 else self.as_of.year - 1) + offset
        return Period(start=dt.date(year, 8, 1), end=dt.date(year + 1, 7, 31))

    def build_collaborations(self) -> None:
        """Chain cooperation per arrondissement, covenants, commissions and local networks."""
        for a in self.arrondissements:
            r = self.regional[a]
            houses = [
                self.region_partners[g.code][PartnerKind.SAFETY_HOUSE] for g in self.regions(a)
            ]
            self.collaboration(
                f"Ketenaanpak jeugdcriminaliteit {a.value}",
                CollaborationKind.CHAIN_COOPERATION,
                WorkDomain.REPRESSIVE,
                Level.REGIONAL,
                Area.arrondissement(a),
                [*r.values(), *houses],
                Period(start=dt.date(2018, 1, 1)),
                CollaborationStatus.ACTIVE,
                problems=frozenset({ProblemArea.VANDALISM, ProblemArea.SHOPLIFTING}),
            )
            businesses = self.local_of(a, PartnerKind.BUSINESS)
            if businesses:
                self.collaboration(
                    f"Convenant winkeldiefstal {a.value}",
                    CollaborationKind.COVENANT,
                    WorkDomain.BOTH,
                    Level.REGIONAL,
                    Area.arrondissement(a),
                    [r[PartnerKind.POLICE], *businesses[:5]],
                    Period(start=dt.date(2021, 3, 1), end=dt.date(2027, 2, 28)),
                    CollaborationStatus.ACTIVE,
                    problems=frozenset({ProblemArea.SHOPLIFTING}),
                )
        # about size / 2, and at least a couple of commissions of municipalities
        target = max(len(self.collaborations) + 4, self.size // 2)
        if self.even:
            even_collaborations(self, target)
            return
        for code in self.with_kinds(PartnerKind.MUNICIPALITY, PartnerKind.SCHOOL):
            if len(self.collaborations) >= target:
                break
            self.commissions_of(code)
        # local networks up to the target, and at least one in each status
        for n, code in enumerate(self.with_kinds(PartnerKind.MUNICIPALITY, PartnerKind.WELFARE)):
            if len(self.collaborations) >= target and n >= len(_NETWORK_STATUSES):
                break
            self.local_network(code, n)

    def local_network(self, code: str, n: int) -> Collaboration:
        """The ``n``-th local network of the demo, in municipality ``code``.

        The first three are active, proposed and suspended, so every status is there; the
        rest draw theirs.
        """
        m = self.gazetteer.municipality(code)
        local = self.local[code]
        return self.collaboration(
            f"Netwerk jeugd en veiligheid {m.name}",
            CollaborationKind.NETWORK,
            WorkDomain.PREVENTIVE,
            Level.LOCAL,
            Area.municipality(code),
            [local[PartnerKind.MUNICIPALITY][0], local[PartnerKind.WELFARE][0]],
            Period(start=dt.date(2020, 1, 1)),
            _NETWORK_STATUSES[n] if n < len(_NETWORK_STATUSES) else self.pick(_NETWORK_STATUSES),
            problems=frozenset({ProblemArea.STREET_NUISANCE}),
        )

    def commissions_of(self, code: str) -> None:
        """Add the active commission of this school year, and last year's ended one."""
        self.active_commission[code] = self.commission(code, 0)
        self.commission(code, -1)

    def commission(self, code: str, offset: int) -> Collaboration:
        """The commission of municipality ``code`` for the school year ``offset`` years away.

        Active for this school year (``offset`` 0), ended for one before it.
        """
        m = self.gazetteer.municipality(code)
        city = self.first_local(code, PartnerKind.MUNICIPALITY)
        year = self.school_year(offset)
        return self.collaboration(
            f"Preventie op scholen {m.name} {year.start.year}-{year.start.year + 1}",
            CollaborationKind.COMMISSION,
            WorkDomain.PREVENTIVE,
            Level.LOCAL,
            Area.municipality(code),
            [city, *self.local[code][PartnerKind.SCHOOL]],
            year,
            CollaborationStatus.ACTIVE if offset == 0 else CollaborationStatus.ENDED,
            commissioner=city,
            problems=frozenset({ProblemArea.FIREWORKS, ProblemArea.ONLINE_BEHAVIOUR}),
        )
