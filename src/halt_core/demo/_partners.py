"""The first step of a demo: its national, regional and local partners."""

from __future__ import annotations

from collections import defaultdict

from halt_core.demo._base import BuilderBase
from halt_core.demo._even import even_plan
from halt_core.demo._names import (
    DISTRICTS,
    MBO_NAMES,
    PRIMARY_PREFIXES,
    SCHOOL_NAMES,
    SECONDARY_NAMES,
    SchoolType,
)
from halt_core.demo._sampling import WORKABLE, Sampler, next_local_kind
from halt_core.model import (
    Area,
    Arrondissement,
    Level,
    Municipality,
    Partner,
    PartnerKind,
    SafetyRegion,
)

__all__ = ["PartnerSteps"]

_NATIONAL = 6  # the national partners
_PRIMARY, _SECONDARY = 0.65, 0.27  # the share of primary and secondary schools; the rest is mbo


class PartnerSteps(BuilderBase):
    """Makes the partners, and answers which partners are where for the later steps.

    Every later step places its records with the partners this one made, so each extends it.
    """

    def build_partners(self) -> None:
        """National, regional and local partners; local ones spread by inhabitants.

        The local partners are planned first (see :meth:`plan_local`): a safety region gets
        its safety house and youth care only where the demo has local partners, and the
        local partners fill what the national and regional ones leave of the size.
        """
        regional = 4 * len(self.arrondissements)
        if self.even:
            plan = even_plan(self, self.size - _NATIONAL - regional)
        else:
            all_regions = 2 * len(self.gazetteer.safety_regions)
            budget = self.size - _NATIONAL - regional - all_regions
            plan = self.plan_local(max(budget, WORKABLE * len(self.arrondissements)))
        covered = {self.gazetteer.safety_region_of(code).code for code, _ in plan}
        for a in self.arrondissements:
            self.covered[a] = [r for r in self.regions_of(a) if r.code in covered]
        made = _NATIONAL + regional + 2 * len(covered) + len(plan)
        if self.size > made:  # what the uncovered regions left: more partners where there are
            plan += self.plan_more(self.size - made, plan)
        country = Area.country()
        for kind, name in (
            (PartnerKind.MINISTRY_OF_JUSTICE_AND_SECURITY, "Ministerie van Justitie en Veiligheid"),
            (PartnerKind.MINISTRY_OF_THE_INTERIOR, "Ministerie van BZK"),
            (PartnerKind.MINISTRY_OF_EDUCATION, "Ministerie van OCW"),
            (PartnerKind.POLICE, "Politie Landelijke Eenheid"),
            (PartnerKind.PUBLIC_PROSECUTION, "OM Parket-Generaal"),
            (PartnerKind.CHILD_PROTECTION_BOARD, "Raad voor de Kinderbescherming, landelijk"),
        ):
            self.national[kind] = self.partner(name, kind, Level.NATIONAL, country)
        for a in self.arrondissements:
            area = Area.arrondissement(a)
            for kind, name in (
                (PartnerKind.POLICE, f"Politie eenheid {a.value}"),
                (PartnerKind.PUBLIC_PROSECUTION, f"OM arrondissementsparket {a.value}"),
                (PartnerKind.CHILD_PROTECTION_BOARD, f"Raad voor de Kinderbescherming {a.value}"),
                (PartnerKind.YOUTH_PROBATION, f"Jeugdreclassering {a.value}"),
            ):
                self.regional[a][kind] = self.partner(name, kind, Level.REGIONAL, area)
            for region in self.regions(a):
                region_area = Area.safety_region(region.code)
                for kind, name in (
                    (PartnerKind.SAFETY_HOUSE, f"Zorg- en Veiligheidshuis {region.name}"),
                    (PartnerKind.YOUTH_CARE, f"Jeugdzorg {region.name}"),
                ):
                    self.region_partners[region.code][kind] = self.partner(
                        name, kind, Level.REGIONAL, region_area
                    )
        names: dict[str, set[str]] = defaultdict(set)
        total = len(self.partners) + len(plan)
        for done, (code, kind) in enumerate(plan, start=len(self.partners) + 1):
            self.tick("partners", done, total)
            m = self.gazetteer.municipality(code)
            name, school_type = self.local_name(kind, m, names[code])
            partner = self.partner(name, kind, Level.LOCAL, Area.municipality(code))
            self.local[code][kind].append(partner)
            if school_type is not None:
                self.school_types[partner.id] = school_type

    def regions_of(self, arrondissement: Arrondissement) -> list[SafetyRegion]:
        """Every safety region of ``arrondissement``."""
        return [r for r in self.gazetteer.safety_regions if r.arrondissement is arrondissement]

    def regions(self, arrondissement: Arrondissement) -> list[SafetyRegion]:
        """The safety regions of ``arrondissement`` where the demo has local partners.

        Only these have a safety house and youth care in the demo, and so a safety-house
        case consultation.
        """
        return self.covered[arrondissement]

    def plan_local(self, budget: int) -> list[tuple[str, PartnerKind]]:
        """Which local partners to make: ``budget`` (municipality code, kind) pairs.

        Every arrondissement first gets one municipality, drawn by inhabitants among its own;
        then each further municipality is drawn by inhabitants nationwide. A municipality
        drawn the first time gets the four partners that make it workable (municipality,
        compulsory education, a school, youth work); drawn again, its next local kind, and
        past those more schools. So big towns get many partners, and most of their schools.
        """
        kinds_given: dict[str, int] = {}
        plan: list[tuple[str, PartnerKind]] = []

        def give(code: str, count: int) -> None:
            plan.extend((code, next_local_kind(kinds_given, code)) for _ in range(count))

        for a in self.arrondissements:
            own = self.gazetteer.municipalities_in(a)
            first = Sampler((m.code for m in own), (self.inhabitants[m.code] for m in own))
            give(first.draw(self.rng), WORKABLE)
        nationwide = Sampler(self.inhabitants, self.inhabitants.values())
        while len(plan) < budget:
            code = nationwide.draw(self.rng)
            if code in kinds_given:
                give(code, 1)
            elif budget - len(plan) >= WORKABLE:
                give(code, WORKABLE)
        return plan

    def plan_more(
        self, count: int, plan: list[tuple[str, PartnerKind]]
    ) -> list[tuple[str, PartnerKind]]:
        """``count`` more local partners, in municipalities the plan already has.

        Drawn by inhabitants, like the rest, so no new safety region comes in.
        """
        kinds_given: dict[str, int] = defaultdict(int)
        for code, _ in plan:
            kinds_given[code] += 1
        known = Sampler(list(kinds_given), (self.inhabitants[c] or 1 for c in kinds_given))
        more: list[tuple[str, PartnerKind]] = []
        for _ in range(count):
            code = known.draw(self.rng)
            more.append((code, next_local_kind(kinds_given, code)))
        return more

    def local_name(
        self, kind: PartnerKind, m: Municipality, taken: set[str]
    ) -> tuple[str, SchoolType | None]:
        """A plausible name for a local partner of ``kind`` in ``m``, not one in ``taken``.

        For a school, also what kind of school it is (its name says so). The name is added
        to ``taken``.
        """
        school_type: SchoolType | None = None
        if kind is PartnerKind.SCHOOL:
            draw = self.rng.random()
            if draw < _PRIMARY:
                school_type = "primary"
                base = f"{self.pick(PRIMARY_PREFIXES)} {self.pick(SCHOOL_NAMES)}"
                candidates = [f"{base}, {m.name}"]
                candidates += [f"{base} {d}, {m.name}" for d in DISTRICTS]
            else:
                school_type = "secondary" if draw < _PRIMARY + _SECONDARY else "mbo"
                base = self.pick(SECONDARY_NAMES if school_type == "secondary" else MBO_NAMES)
                candidates = [f"{base} {m.name}"]
                candidates += [f"{base} {m.name}, locatie {d}" for d in DISTRICTS]
            name = next((c for c in candidates if c not in taken), None)
            if name is None:
                name = f"{candidates[0]}, locatie {len(taken) + 1}"
        else:
            name = {
                PartnerKind.MUNICIPALITY: f"Gemeente {m.name}",
                PartnerKind.COMPULSORY_EDUCATION_OFFICE: f"Leerplicht {m.name}",
                PartnerKind.WELFARE: f"Jongerenwerk {m.name}",
                PartnerKind.SPECIAL_INVESTIGATING_OFFICERS: f"Handhaving {m.name}",
                PartnerKind.BUSINESS: f"Ondernemersvereniging {m.name}",
            }[kind]
            if name in taken:  # a second one of the kind: a part of town of its own
                name = next(
                    (f"{name}-{d}" for d in DISTRICTS if f"{name}-{d}" not in taken),
                    f"{name} {len(taken) + 1}",
                )
        taken.add(name)
        return name, school_type

    def local_of(self, arrondissement: Arrondissement, kind: PartnerKind) -> list[Partner]:
        """The local partners of ``kind`` in ``arrondissement``, by municipality code."""
        return [
            p
            for m in self.municipalities(arrondissement)
            if m.code in self.local
            for p in self.local[m.code][kind]
        ]

    def with_kinds(self, *kinds: PartnerKind) -> list[str]:
        """Codes of the municipalities that have local partners of every kind in ``kinds``."""
        return [code for code, by_kind in self.local.items() if all(by_kind[k] for k in kinds)]

    def first_local(self, code: str, kind: PartnerKind) -> Partner:
        """The first local partner of ``kind`` in municipality ``code``."""
        return self.local[code][kind][0]

    def municipality_partner_in(self, arrondissement: Arrondissement) -> Partner:
        """A municipality partner in ``arrondissement`` (every one in the demo has one)."""
        codes = {m.code for m in self.municipalities(arrondissement)}
        return next(
            ps[0]
            for code, by_kind in self.local.items()
            if code in codes and (ps := by_kind[PartnerKind.MUNICIPALITY])
        )
