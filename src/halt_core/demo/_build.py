"""Build a clean demo network: plausible, deterministic, and free of violations."""

from __future__ import annotations

import bisect
import datetime as dt
import random
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

import attrs

from halt_core.demo._contacts import Contacts
from halt_core.demo._even import (
    even_collaborations,
    even_local_forums,
    even_plan,
    even_work,
)
from halt_core.demo._names import (
    DISTRICTS,
    LOCATIONS,
    MBO_NAMES,
    PRIMARY_PREFIXES,
    SCHOOL_NAMES,
    SECONDARY_NAMES,
    SchoolType,
    lesson_groups,
    parent_group,
)
from halt_core.demo._sampling import LOCAL_FORUM_KINDS, WORKABLE, Sampler, next_local_kind
from halt_core.errors import NotFound
from halt_core.ids import (
    CollaborationId,
    ForumId,
    InterventionId,
    MeetingId,
    PartnerId,
    ReferralId,
)
from halt_core.model import (
    AMSTERDAM,
    AgendaItem,
    AgeRange,
    Agreement,
    Area,
    Arrondissement,
    Audience,
    Cadence,
    CaseOnAgenda,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    ContactPoint,
    Evaluation,
    Forum,
    ForumKind,
    Frequency,
    Gazetteer,
    HaltRole,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Level,
    Meeting,
    Municipality,
    OffenceCategory,
    Outcome,
    OutcomeResult,
    Partner,
    PartnerKind,
    Period,
    ProblemArea,
    Referral,
    ReferralStatus,
    SafetyRegion,
    Session,
    TargetGroup,
    WorkDomain,
    YouthPseudonym,
)
from halt_core.privacy.policy import may_receive_justice_data

_T = TypeVar("_T")
_IdT = TypeVar("_IdT", bound=uuid.UUID)

Progress = Callable[[str, int, int], None]
"""Told ``(kind, done, total)`` while a demo is made: the kind of record, how many so far."""

# The arrondissementen, in the order their regional partners and forums are made.
ARRONDISSEMENT_ORDER = (
    Arrondissement.AMSTERDAM,
    Arrondissement.ROTTERDAM,
    Arrondissement.DEN_HAAG,
    Arrondissement.MIDDEN_NEDERLAND,
    Arrondissement.NOORD_NEDERLAND,
    Arrondissement.OOST_BRABANT,
    Arrondissement.GELDERLAND,
    Arrondissement.LIMBURG,
    Arrondissement.OVERIJSSEL,
    Arrondissement.NOORD_HOLLAND,
    Arrondissement.ZEELAND_WEST_BRABANT,
)
_NATIONAL = 6  # the national partners
_MEETING_HOURS = (9, 10, 11, 13, 14, 15, 16)
_SLOT_HOURS = ((9, 0), (11, 0), (14, 0))  # 90-minute sessions: a trainer's slots never overlap
_SESSION_MINUTES = 90
_NETWORK_STATUSES = (
    CollaborationStatus.ACTIVE,
    CollaborationStatus.PROPOSED,
    CollaborationStatus.SUSPENDED,
)
_CASE_FORUMS = frozenset({ForumKind.JCO, ForumKind.SAFETY_HOUSE_CASE_CONSULTATION})
_DIGITS = "23456789"  # the digits of a demo pseudonym: no 0 or 1, which read as O and I
_PRIMARY, _SECONDARY = 0.65, 0.27  # the share of primary and secondary schools; the rest is mbo


def _slug(text: str) -> str:
    """``text`` in ASCII lower case, other characters dots: for trainer codes only.

    It may give two dots in a row; e-mail addresses use :func:`~._contacts.local_part`.
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "." for c in plain.lower()).strip(".")


class Builder:
    """Builds a clean network step by step; the planters reuse its helpers and indexes.

    Everything random comes from one seeded :class:`random.Random`, so the same seed and size
    give the same network; only the partners' phone numbers come from a second one, seeded
    from the same seed (:class:`~halt_core.demo._contacts.Contacts`), so that giving partners
    phone numbers changed no other record; and who sits at the table of a case consultation
    (the youth-work and school members of safety-house consultations, the attendees of a
    meeting, who leaves the table for a case, which cases concern a referral) from a third,
    so that recording it left every draw of the first as it was.

    With ``even``, every arrondissement gets the same share of the local and regional
    records instead of a share by its inhabitants (see :mod:`halt_core.demo._even`).
    ``progress`` is told ``(kind, done, total)`` as the records of each kind are made.
    """

    def __init__(
        self,
        seed: int,
        size: int,
        as_of: dt.date,
        gazetteer: Gazetteer,
        *,
        even: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        self.even = even
        self.progress = progress
        self.contacts = Contacts(seed)  # contact details and numbers: a generator of their own
        self.table = random.Random(f"table-{seed}")  # who is at a case consultation's table
        self.size = size
        self.as_of = as_of
        self.now = dt.datetime.combine(as_of, dt.time(12, 0), AMSTERDAM)
        self.gazetteer = gazetteer
        # every arrondissement the gazetteer has (the shipped ones have all 11)
        self.arrondissements = tuple(
            a for a in ARRONDISSEMENT_ORDER if gazetteer.municipalities_in(a)
        )
        # How many people live where: the weight of a municipality in every draw of a place.
        # A gazetteer without a count for every municipality weighs them all the same.
        counts = {m.code: gazetteer.inhabitants(m.code) for m in gazetteer}
        self.inhabitants: dict[str, int] = (
            {code: n or 0 for code, n in counts.items()}
            if all(n is not None for n in counts.values()) and any(counts.values())
            else dict.fromkeys(counts, 1)
        )
        self.arrondissement_inhabitants = {
            a: sum(self.inhabitants[m.code] for m in gazetteer.municipalities_in(a))
            for a in self.arrondissements
        }
        self.covered: dict[Arrondissement, list[SafetyRegion]] = {}
        self.school_types: dict[PartnerId, SchoolType] = {}
        self.partners: list[Partner] = []
        self.collaborations: list[Collaboration] = []
        self.forums: list[Forum] = []
        self.meetings: list[Meeting] = []
        self.interventions: list[Intervention] = []
        self.referrals: list[Referral] = []
        # indexes the later steps and the planters use
        self.kinds: dict[PartnerId, PartnerKind] = {}
        self.national: dict[PartnerKind, Partner] = {}
        self.regional: dict[Arrondissement, dict[PartnerKind, Partner]] = defaultdict(dict)
        self.region_partners: dict[str, dict[PartnerKind, Partner]] = defaultdict(dict)
        self.local: dict[str, dict[PartnerKind, list[Partner]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.active_commission: dict[str, Collaboration] = {}
        self.trainer_cursor: dict[str, int] = {}
        self.trainer_span: dict[str, float] = {}  # about how many slots a trainer will fill
        self.window_start = _monday_before(as_of - dt.timedelta(days=330))
        weeks, days = divmod((as_of - self.window_start).days, 7)
        self.as_of_slot = (5 * weeks + min(days, 5)) * len(_SLOT_HOURS)  # the first slot of as_of
        self.built_meetings = 0  # meetings the clean build made (planters add after them)
        self.planted = 0  # violations planted so far, to give each its own moment

    # -- small helpers ----------------------------------------------------------------------

    def new_id(self, id_type: Callable[[uuid.UUID], _IdT]) -> _IdT:
        """A fresh id drawn from the seeded generator."""
        return id_type(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def pick(self, items: Sequence[_T]) -> _T:
        """One of ``items``, drawn from the seeded generator."""
        return items[self.rng.randrange(len(items))]

    def days(self, low: int, high: int) -> dt.timedelta:
        """A whole number of days from ``low`` to ``high``."""
        return dt.timedelta(days=self.rng.randint(low, high))

    def pseudonym(self) -> YouthPseudonym:
        """A pseudonym as Halt's case system issues them: ``Y-`` and 8 letters and digits."""
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        drawn = [self.pick(alphabet) for _ in range(8)]
        if not any(c.isdigit() for c in drawn):
            # Letters alone could spell a name, which a pseudonym may not: the last becomes a
            # digit (chosen by that letter, so the generator draws no more than before).
            drawn[-1] = _DIGITS[alphabet.index(drawn[-1]) % len(_DIGITS)]
        return YouthPseudonym("Y-" + "".join(drawn))

    def municipalities(self, arrondissement: Arrondissement) -> tuple[Municipality, ...]:
        """The municipalities of ``arrondissement``."""
        return self.gazetteer.municipalities_in(arrondissement)

    def partner(
        self, name: str, kind: PartnerKind, level: Level, area: Area, *, contact: bool = True
    ) -> Partner:
        """A new partner with a contact point and the registry numbers its kind has, added.

        A government partner gets an OIN, a school a BRIN, a business a KvK number; the
        contact point an e-mail address and a phone number. All are fictional (see
        :mod:`halt_core.demo._contacts`) and drawn without the seeded generator.
        """
        points: tuple[ContactPoint, ...] = ()
        if contact:
            points = (
                ContactPoint(
                    role="algemeen contact",
                    email=self.contacts.email(name),
                    phone=self.contacts.phone(self.arrondissement_of(area)),
                ),
            )
        partner = Partner(
            id=self.new_id(PartnerId),
            name=name,
            kind=kind,
            level=level,
            area=area,
            contact_points=points,
            oin=self.contacts.oin() if kind.profile.government else None,
            kvk=self.contacts.kvk() if kind is PartnerKind.BUSINESS else None,
            brin=self.contacts.brin() if kind is PartnerKind.SCHOOL else None,
        )
        self.partners.append(partner)
        self.kinds[partner.id] = kind
        return partner

    def arrondissement_of(self, area: Area) -> Arrondissement | None:
        """The one arrondissement ``area`` lies in; None for the country or an unknown area."""
        try:
            found = self.gazetteer.arrondissements_of(area)
        except NotFound:
            return None
        return next(iter(found)) if len(found) == 1 else None

    # -- partners ---------------------------------------------------------------------------

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

    # -- forums and meetings ----------------------------------------------------------------

    def forum(
        self,
        name: str,
        kind: ForumKind,
        level: Level,
        area: Area,
        members: Sequence[Partner],
        role: HaltRole,
        cadence: Cadence | None,
    ) -> Forum:
        """A new open-ended forum, added to the network."""
        forum = Forum(
            id=self.new_id(ForumId),
            name=name,
            kind=kind,
            level=level,
            area=area,
            members=tuple(dict.fromkeys(p.id for p in members)),
            halt_role=role,
            period=Period(start=dt.date(self.rng.randint(2012, 2023), self.rng.randint(1, 12), 1)),
            cadence=cadence,
        )
        self.forums.append(forum)
        return forum

    def build_forums(self) -> None:
        """The standing forums of every arrondissement and region, then local ones."""
        monthly = Cadence(frequency=Frequency.MONTHLY, interval=2)
        weekly = Cadence(frequency=Frequency.WEEKLY, interval=2)
        n = self.national
        self.forum(
            "Landelijk overleg jeugdcriminaliteit",
            ForumKind.NATIONAL_CONSULTATION,
            Level.NATIONAL,
            Area.country(),
            [
                n[k]
                for k in (
                    PartnerKind.MINISTRY_OF_JUSTICE_AND_SECURITY,
                    PartnerKind.POLICE,
                    PartnerKind.PUBLIC_PROSECUTION,
                    PartnerKind.CHILD_PROTECTION_BOARD,
                )
            ],
            HaltRole.MEMBER,
            Cadence(frequency=Frequency.MONTHLY, interval=3),
        )
        for a in self.arrondissements:
            r = self.regional[a]
            area = Area.arrondissement(a)
            justice = [
                r[PartnerKind.PUBLIC_PROSECUTION],
                r[PartnerKind.POLICE],
                r[PartnerKind.CHILD_PROTECTION_BOARD],
            ]
            self.forum(
                f"AJB {a.value}",
                ForumKind.AJB,
                Level.REGIONAL,
                area,
                [*justice, self.municipality_partner_in(a)],
                HaltRole.MEMBER,
                monthly,
            )
            self.forum(
                f"APJ {a.value}",
                ForumKind.APJ,
                Level.REGIONAL,
                area,
                [*justice, r[PartnerKind.YOUTH_PROBATION]],
                HaltRole.MEMBER,
                monthly,
            )
            self.forum(
                f"JCO {a.value}",
                ForumKind.JCO,
                Level.REGIONAL,
                area,
                [*justice, r[PartnerKind.YOUTH_PROBATION]],
                HaltRole.INFORMATION_SUPPLIER,
                weekly,
            )
            for region in self.regions(a):
                rp = self.region_partners[region.code]
                self.forum(
                    f"Casusoverleg Zorg- en Veiligheidshuis {region.name}",
                    ForumKind.SAFETY_HOUSE_CASE_CONSULTATION,
                    Level.REGIONAL,
                    Area.safety_region(region.code),
                    [
                        rp[PartnerKind.SAFETY_HOUSE],
                        r[PartnerKind.POLICE],
                        r[PartnerKind.PUBLIC_PROSECUTION],
                        self.municipality_partner_in(a),
                        rp[PartnerKind.YOUTH_CARE],
                        *self.outside_the_chain(region),
                    ],
                    HaltRole.INFORMATION_SUPPLIER,
                    weekly,
                )
            businesses = self.local_of(a, PartnerKind.BUSINESS)
            self.forum(
                f"Regionaal platform winkeldiefstal {a.value}",
                ForumKind.OTHER,
                Level.REGIONAL,
                area,
                [r[PartnerKind.POLICE], *businesses[:6]],
                HaltRole.GUEST,
                None,
            )
        # about size / 5 forums, and at least a local network per arrondissement
        budget = max(len(self.arrondissements), self.size // 5 - len(self.forums))
        if self.even:
            even_local_forums(self, budget)
        else:
            self.build_local_forums(budget)

    def outside_the_chain(self, region: SafetyRegion) -> list[Partner]:
        """Youth work and a school of ``region`` that sit at its safety-house table, or not.

        They take part in the consultation's approach of the neighbourhood, not in its cases:
        they leave the table while a youth is discussed (see :meth:`meeting`).
        """
        codes = [m.code for m in self.gazetteer.municipalities_in(Area.safety_region(region.code))]
        found: list[Partner] = []
        for kind, chance in ((PartnerKind.WELFARE, 0.6), (PartnerKind.SCHOOL, 0.3)):
            candidates = [p for code in codes for p in self.local.get(code, {}).get(kind, [])[:1]]
            if candidates and self.table.random() < chance:
                found.append(candidates[self.table.randrange(len(candidates))])
        return found

    def build_local_forums(self, budget: int) -> None:
        """Local network consultations, several per municipality when the size asks for it."""
        codes = self.with_kinds(*LOCAL_FORUM_KINDS)
        if not codes:
            return
        for index in range(budget):
            code = codes[index % len(codes)]
            self.local_forum(code, DISTRICTS[(index // len(codes)) % len(DISTRICTS)])

    def local_forum(self, code: str, district: str) -> Forum:
        """The local network consultation of ``district`` in municipality ``code``.

        Its members are the first of :data:`LOCAL_FORUM_KINDS` there and the police.
        """
        m = self.gazetteer.municipality(code)
        police = self.regional[m.arrondissement][PartnerKind.POLICE]
        members = [*(self.first_local(code, k) for k in LOCAL_FORUM_KINDS), police]
        return self.forum(
            f"Netwerkoverleg jeugd {m.name}-{district}",
            ForumKind.LOCAL_NETWORK,
            Level.LOCAL,
            Area.municipality(code),
            members,
            self.pick([HaltRole.MEMBER, HaltRole.GUEST, HaltRole.CHAIR]),
            Cadence(frequency=Frequency.MONTHLY, interval=1),
        )

    def build_meetings(self) -> None:
        """About five meetings per forum, on weekdays, following the forum's cadence."""
        total = max(len(self.forums), self.size * 5)
        for index, forum in enumerate(self.forums):
            count = total // len(self.forums) + (1 if index < total % len(self.forums) else 0)
            first = self.as_of - self.days(120, 360)
            # Forums meet on a fixed weekday (Monday to Thursday) at a fixed hour.
            first += dt.timedelta(days=self.rng.randrange(4) - first.weekday())
            if first.day > 28:  # keep to a day every month has, on the same weekday
                first -= dt.timedelta(weeks=1)
            # at a quarter or half past, off the trainers' whole hours; with forums in every
            # arrondissement, many hours keep two forums from meeting at the same moment
            hour, minute = self.pick(_MEETING_HOURS), self.pick((15, 30, 45))
            for n in range(count):
                day = _meeting_day(first, forum.cadence, n)
                start = dt.datetime.combine(day, dt.time(hour, minute), AMSTERDAM)
                self.meetings.append(self.meeting(forum, start))
                self.tick("meetings", len(self.meetings), total)
        self.built_meetings = len(self.meetings)

    def meeting(self, forum: Forum, start: dt.datetime, *, cases: int | None = None) -> Meeting:
        """A 90-minute meeting of ``forum`` at ``start``, with cases where the forum has them.

        A case consultation records who was at the table: its members, now and then one
        absent. A member outside the youth justice chain (youth work, a school) leaves the
        table for every case: the case names those it was discussed with.
        """
        if cases is None:
            cases = self.rng.randint(1, 4) if forum.kind in _CASE_FORUMS else 0
        homes = self.gazetteer.municipalities_in(forum.area)
        attendees = self.attendees(forum)
        stayed = tuple(
            p for p in attendees if p not in self.kinds or may_receive_justice_data(self.kinds[p])
        )
        discussed_with = None if stayed == attendees else stayed
        return Meeting(
            id=self.new_id(MeetingId),
            forum=forum.id,
            start=start,
            end=start + dt.timedelta(minutes=90),
            location=f"{forum.name}, vergaderzaal" if self.rng.random() < 0.8 else "online",
            agenda=(
                AgendaItem(title="Opening en mededelingen"),
                AgendaItem(
                    title=self.pick(
                        [
                            "Cijfers Halt-verwijzingen",
                            "Casuïstiek",
                            "Aanpak jeugdgroepen",
                            "Jaarplan",
                        ]
                    )
                ),
            ),
            cases=tuple(
                CaseOnAgenda(
                    youth=self.pseudonym(),
                    municipality=self.pick(homes).code,
                    discussed_with=discussed_with,
                )
                for _ in range(cases)
            ),
            attendees=attendees,
        )

    def attendees(self, forum: Forum) -> tuple[PartnerId, ...]:
        """Who of ``forum``'s members came to a meeting: recorded at case consultations only.

        Each member is absent now and then; a meeting nobody came to is recorded with all.
        """
        if forum.kind not in _CASE_FORUMS:
            return ()
        came = tuple(p for p in forum.members if self.table.random() >= 0.1)
        return came or forum.members

    def link_cases(self) -> None:
        """Give some cases of case consultations the Halt referral they concern.

        Such a case is the referral's youth, of its municipality (in the forum's area),
        referred before the meeting; a meeting names a referral once.
        """
        by_code: dict[str, list[Referral]] = defaultdict(list)
        for r in self.referrals:
            by_code[r.municipality].append(r)
        in_area: dict[ForumId, list[Referral]] = {}
        for forum in self.forums:
            if forum.kind in _CASE_FORUMS:
                found = [
                    r for m in self.gazetteer.municipalities_in(forum.area) for r in by_code[m.code]
                ]
                in_area[forum.id] = sorted(found, key=lambda r: (r.referred_on, str(r.id)))
        for index, meeting in enumerate(self.meetings):
            referrals = in_area.get(meeting.forum)
            if not referrals or not meeting.cases:
                continue
            known = bisect.bisect_right(
                referrals, meeting.start.date(), key=lambda r: r.referred_on
            )
            used: set[ReferralId] = set()
            cases = list(meeting.cases)
            for n, case in enumerate(cases):
                if known == 0 or self.table.random() >= 0.5:
                    continue
                r = referrals[self.table.randrange(known)]
                if r.id not in used:
                    used.add(r.id)
                    cases[n] = attrs.evolve(
                        case, youth=r.youth, municipality=r.municipality, referral=r.id
                    )
            self.meetings[index] = attrs.evolve(meeting, cases=tuple(cases))

    # -- collaborations ---------------------------------------------------------------------

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

    # -- interventions ----------------------------------------------------------------------

    def slot_start(self, slot: int) -> dt.datetime:
        """The start of a trainer's ``slot``: three a working day from the window's start."""
        workday, part = divmod(slot, len(_SLOT_HOURS))
        week, weekday = divmod(workday, 5)
        day = self.window_start + dt.timedelta(days=7 * week + weekday)
        hour, minute = _SLOT_HOURS[part]
        return dt.datetime.combine(day, dt.time(hour, minute), AMSTERDAM)

    def sessions_for(self, trainer: str, count: int, place: str) -> tuple[Session, ...]:
        """``count`` sessions in the next free slots of ``trainer`` (never overlapping).

        A trainer with little work leaves more slots between sessions (its stride), so that
        every trainer's sessions spread over about 900 slots, and the first lies so far
        before :attr:`as_of` that half to nine tenths of them are past: every team, however
        small its share of the work, has evaluated, delivered and scheduled work.
        """
        span = self.trainer_span.get(trainer, 900.0)
        stride = max(1, int(900 // max(span, 1.0)))
        if trainer not in self.trainer_cursor:
            past = int(min(900.0, span * stride) * (0.5 + 0.4 * self.rng.random()))
            self.trainer_cursor[trainer] = max(0, self.as_of_slot - past)
        cursor = self.trainer_cursor[trainer]
        sessions = []
        for _ in range(count):
            cursor += self.rng.randint(1, 4) * stride
            start = self.slot_start(cursor)
            sessions.append(
                Session(
                    start=start,
                    end=start + dt.timedelta(minutes=_SESSION_MINUTES),
                    location=place,
                    trainer=trainer,
                )
            )
        self.trainer_cursor[trainer] = cursor
        return tuple(sessions)

    def trainer(self, arrondissement: Arrondissement) -> str:
        """A trainer code of the Halt team of ``arrondissement``."""
        team = _slug(arrondissement.value)[:3]
        # Enough trainers that each fills about 900 slots: sessions then run from before
        # as_of to a few months after it. A team's share of the work is its share of the
        # inhabitants (an eleventh in the even spread).
        share = (
            1 / len(self.arrondissements)
            if self.even
            else self.arrondissement_inhabitants[arrondissement]
            / sum(self.arrondissement_inhabitants.values())
        )
        slots = 3.5 * 10 * self.size * share
        count = max(2, round(slots / 900))
        trainer = f"halt-{team}-{self.rng.randrange(count):02d}"
        if self.trainer_cursor.get(trainer, 0) > 1200:  # this one's window is full: a new one
            trainer = f"halt-{team}-x{len(self.trainer_cursor):03d}"
        self.trainer_span.setdefault(trainer, min(900, slots / count))
        return trainer

    def work_sampler(self, codes: Sequence[str]) -> Callable[[], str]:
        """Draws one of ``codes`` for a piece of work, so that work follows the inhabitants.

        First an arrondissement, by all its inhabitants (whichever of its municipalities
        the demo has partners in), then one of its ``codes`` by theirs: each arrondissement
        gets its share of the country's work, whatever the size.
        """
        by_arrondissement: dict[Arrondissement, list[str]] = defaultdict(list)
        for code in codes:
            by_arrondissement[self.gazetteer.arrondissement_of(code)].append(code)
        arrondissements = [a for a in self.arrondissements if by_arrondissement[a]]
        if self.even:
            return even_work(self, arrondissements, by_arrondissement)
        outer = Sampler(
            arrondissements, (self.arrondissement_inhabitants[a] for a in arrondissements)
        )
        inner = {
            a: Sampler(
                by_arrondissement[a], (self.inhabitants[c] or 1 for c in by_arrondissement[a])
            )
            for a in arrondissements
        }
        return lambda: inner[outer.draw(self.rng)].draw(self.rng)

    def build_interventions(self) -> None:
        """About ten interventions per partner, of every kind and in every status.

        Their municipalities follow the inhabitants (see :meth:`work_sampler`).
        """
        codes = self.with_kinds(PartnerKind.MUNICIPALITY, PartnerKind.SCHOOL)
        if not codes:
            return
        where = self.work_sampler(codes)
        total = self.size * 10
        for done in range(1, total + 1):
            self.interventions.append(self.intervention(where()))
            self.tick("interventions", done, total)

    def intervention(self, code: str) -> Intervention:
        """A clean intervention in municipality ``code``."""
        rng = self.rng
        m = self.gazetteer.municipality(code)
        local = self.local[code]
        city = local[PartnerKind.MUNICIPALITY][0]
        school = self.pick(local[PartnerKind.SCHOOL])
        kind = rng.choices(list(InterventionKind), weights=(45, 10, 10, 8, 7, 10, 10))[0]
        commissioner, where, problems, group = self.shape(kind, m, city, school)
        status = rng.choices(
            ["requested", "intake", "agreed", "declined", "cancelled", "planned"],
            weights=(8, 7, 8, 4, 3, 70),
        )[0]
        sessions: tuple[Session, ...] = ()
        period: Period | None = None
        evaluation: Evaluation | None = None
        if status == "planned":
            sessions = self.sessions_for(self.trainer(m.arrondissement), rng.randint(1, 3), where)
            first, last = sessions[0].start.date(), sessions[-1].end.date()
            period = Period(start=first - self.days(0, 14), end=last + self.days(0, 30))
            if sessions[-1].end >= self.now:
                state = InterventionStatus.SCHEDULED
            elif rng.random() < 0.6 and last + dt.timedelta(days=30) < self.as_of:
                state = InterventionStatus.EVALUATED
                evaluation = Evaluation(
                    evaluated_on=last + self.days(1, 30),
                    summary="Goed ontvangen; de opdrachtgever wil volgend jaar verder",
                    reached=(group.size or 20) * len(sessions),
                )
            else:
                state = InterventionStatus.DELIVERED
            requested_on = period.start - self.days(7, 60)
        else:
            state = {
                "requested": InterventionStatus.REQUESTED,
                "intake": InterventionStatus.INTAKE,
                "agreed": InterventionStatus.AGREED,
                "declined": InterventionStatus.DECLINED,
                "cancelled": InterventionStatus.CANCELLED,
            }[status]
            requested_on = self.as_of - self.days(0, 90)
            if state in (InterventionStatus.AGREED, InterventionStatus.CANCELLED):
                start = self.as_of + self.days(10, 60)
                period = Period(start=start, end=start + self.days(30, 120))
        commission = self.active_commission.get(code)
        linked = commission is not None and commissioner is city and rng.random() < 0.5
        return Intervention(
            id=self.new_id(InterventionId),
            kind=kind,
            title=f"{_TITLES[kind]} {m.name}",
            problem_areas=problems,
            target_group=group,
            area=Area.municipality(code),
            commissioner=commissioner.id,
            school=school.id if kind in _AT_SCHOOL else None,
            partners=(),
            collaboration=commission.id if linked and commission else None,
            period=period,
            sessions=sessions,
            status=state,
            requested_on=requested_on,
            evaluation=evaluation,
        )

    def shape(
        self, kind: InterventionKind, m: Municipality, city: Partner, school: Partner
    ) -> tuple[Partner, str, frozenset[ProblemArea], TargetGroup]:
        """Commissioner, place, problem areas and target group that fit ``kind``."""
        rng = self.rng
        place = f"{self.pick(LOCATIONS).capitalize()} {m.name}"
        school_type = self.school_types.get(school.id, "primary")
        if kind is InterventionKind.INFORMATION_LESSON:
            who, youngest, oldest = self.pick(lesson_groups(school_type))
            group = TargetGroup(
                audience=Audience.PUPILS,
                description=who,
                age_range=AgeRange(minimum=youngest, maximum=oldest),
                size=rng.randint(18, 30),
            )
            problems = frozenset(
                rng.sample(
                    [
                        ProblemArea.FIREWORKS,
                        ProblemArea.VANDALISM,
                        ProblemArea.ONLINE_BEHAVIOUR,
                        ProblemArea.SHOPLIFTING,
                    ],
                    2,
                )
            )
            return (city if rng.random() < 0.7 else school), school.name, problems, group
        if kind is InterventionKind.SCHOOL_SAFETY_ADVICE:
            group = TargetGroup(
                audience=Audience.EDUCATION_STAFF, description="schoolleiding en team"
            )
            return school, school.name, frozenset({ProblemArea.AGGRESSION_AND_VIOLENCE}), group
        if kind in (InterventionKind.YOUTH_MEDIATION, InterventionKind.GUIDED_DIALOGUE):
            group = TargetGroup(
                audience=Audience.YOUTH_GROUP,
                description=f"jeugdgroep {self.pick(DISTRICTS)}",
                age_range=AgeRange(minimum=14, maximum=18),
                size=rng.randint(5, 15),
            )
            return city, place, frozenset({ProblemArea.STREET_NUISANCE}), group
        if kind is InterventionKind.SAFE_PUBLIC_TASK:
            group = TargetGroup(
                audience=Audience.EDUCATION_STAFF, description="docenten", size=rng.randint(10, 40)
            )
            ministry = self.national[
                self.pick([PartnerKind.MINISTRY_OF_EDUCATION, PartnerKind.MINISTRY_OF_THE_INTERIOR])
            ]
            return ministry, school.name, frozenset({ProblemArea.AGGRESSION_AND_VIOLENCE}), group
        if kind is InterventionKind.PARENT_MEETING:
            group = TargetGroup(
                audience=Audience.PARENTS,
                description=parent_group(school_type),
                parents_involved=True,
            )
            return (
                (city if rng.random() < 0.5 else school),
                school.name,
                frozenset({ProblemArea.ONLINE_BEHAVIOUR, ProblemArea.ALCOHOL_AND_DRUGS}),
                group,
            )
        business = self.local[m.code].get(PartnerKind.BUSINESS, [])
        group = TargetGroup(audience=Audience.PROFESSIONALS, description="winkelpersoneel")
        commissioner = business[0] if business else city
        return commissioner, place, frozenset({ProblemArea.SHOPLIFTING}), group

    # -- referrals --------------------------------------------------------------------------

    def build_referrals(self) -> None:
        """About two referrals per partner, from the police, BOA's and compulsory education.

        A youth may live in any municipality, by its inhabitants (see :meth:`work_sampler`);
        where the demo has no local partners, the police of the arrondissement refer.
        """
        where = self.work_sampler(list(self.inhabitants))
        total = self.size * 2
        for done in range(1, total + 1):
            self.referrals.append(self.referral(where()))
            self.tick("referrals", done, total)

    def referral(self, code: str) -> Referral:
        """A clean referral in municipality ``code``."""
        rng = self.rng
        m = self.gazetteer.municipality(code)
        local = self.local.get(code, {})
        candidates = [self.regional[m.arrondissement][PartnerKind.POLICE]] * 3
        candidates += local.get(PartnerKind.SPECIAL_INVESTIGATING_OFFICERS, [])
        candidates += local.get(PartnerKind.COMPULSORY_EDUCATION_OFFICE, [])
        referrer = self.pick(candidates)
        if referrer.kind is PartnerKind.COMPULSORY_EDUCATION_OFFICE:
            offence = OffenceCategory.TRUANCY
        else:
            offence = self.pick([o for o in OffenceCategory if o is not OffenceCategory.TRUANCY])
        offence_date = self.as_of - self.days(10, 400)
        referred_on = min(offence_date + self.days(1, 30), self.as_of)
        status = rng.choices(list(ReferralStatus), weights=(8, 8, 10, 8, 50, 10, 6))[0]
        outcome = None
        if status in (ReferralStatus.COMPLETED, ReferralStatus.RETURNED):
            decided_on = referred_on + self.days(14, 120)
            if decided_on > self.as_of:
                status = ReferralStatus.CARRIED_OUT
            else:
                result = (
                    OutcomeResult.POSITIVE
                    if status is ReferralStatus.COMPLETED
                    else OutcomeResult.NEGATIVE
                )
                outcome = Outcome(result=result, decided_on=decided_on, hours=rng.randint(2, 20))
        return Referral(
            id=self.new_id(ReferralId),
            referrer=referrer.id,
            youth=self.pseudonym(),
            age_at_offence=rng.randint(12, 17),
            offence=offence,
            offence_date=offence_date,
            referred_on=referred_on,
            municipality=code,
            status=status,
            outcome=outcome,
        )

    def tick(self, kind: str, done: int, total: int) -> None:
        """Tell :attr:`progress` how far the records of ``kind`` are: every 1,000, and the last."""
        if self.progress is not None and (done % 1000 == 0 or done == total):
            self.progress(kind, done, total)

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


_TITLES = {
    InterventionKind.INFORMATION_LESSON: "Voorlichtingsles",
    InterventionKind.SCHOOL_SAFETY_ADVICE: "Schoolveiligheidsadvies",
    InterventionKind.YOUTH_MEDIATION: "Jongerenbemiddeling",
    InterventionKind.GUIDED_DIALOGUE: "Dialoog met jeugdgroep",
    InterventionKind.SAFE_PUBLIC_TASK: "Veilige Publieke Taak",
    InterventionKind.PARENT_MEETING: "Ouderavond",
    InterventionKind.TAILORED: "Maatwerk winkeldiefstal",
}
_AT_SCHOOL = frozenset({InterventionKind.INFORMATION_LESSON, InterventionKind.SCHOOL_SAFETY_ADVICE})


def _monday_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _zip_longest(rows: list[list[_T]]) -> list[list[_T]]:
    width = max((len(row) for row in rows), default=0)
    return [[row[i] for row in rows if i < len(row)] for i in range(width)]


def _meeting_day(first: dt.date, cadence: Cadence | None, n: int) -> dt.date:
    """The day of a forum's ``n``-th meeting: on its cadence, moved off the weekend."""
    if cadence is None:
        return first + dt.timedelta(days=28 * n)
    if cadence.frequency is Frequency.WEEKLY:
        return first + dt.timedelta(weeks=cadence.interval * n)
    months = first.month - 1 + cadence.interval * n
    day = first.replace(year=first.year + months // 12, month=months % 12 + 1)
    # The same day of the month; on a weekend the meeting moves to the Monday after.
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
