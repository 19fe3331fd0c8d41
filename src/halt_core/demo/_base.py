"""The builder's state and the small helpers every step of building a demo uses.

The steps (:mod:`~halt_core.demo._partners`, :mod:`~halt_core.demo._forums`,
:mod:`~halt_core.demo._collaborations`, :mod:`~halt_core.demo._work`) extend
:class:`BuilderBase`, and :class:`~halt_core.demo._build.Builder` combines them: one object
holds the records made so far and the indexes the later steps and the planters look in.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

from halt_core.demo._contacts import Contacts
from halt_core.demo._names import SchoolType
from halt_core.errors import NotFound
from halt_core.ids import PartnerId
from halt_core.model import (
    AMSTERDAM,
    Area,
    Arrondissement,
    Collaboration,
    ContactPoint,
    Forum,
    Gazetteer,
    Intervention,
    Level,
    Meeting,
    Municipality,
    Partner,
    PartnerKind,
    Referral,
    SafetyRegion,
    YouthPseudonym,
)

__all__ = ["ARRONDISSEMENT_ORDER", "SLOT_HOURS", "BuilderBase", "Progress"]

_T = TypeVar("_T")
_IdT = TypeVar("_IdT", bound=uuid.UUID)

Progress = Callable[[str, int, int], None]
"""Told ``(kind, done, total)`` while a demo is made: the kind of record, how many so far."""

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
"""The arrondissementen, in the order their regional partners and forums are made."""

SLOT_HOURS = ((9, 0), (11, 0), (14, 0))  # 90-minute sessions: a trainer's slots never overlap
"""When a trainer's three slots of a working day start (hour, minute)."""

_DIGITS = "23456789"  # the digits of a demo pseudonym: no 0 or 1, which read as O and I


class BuilderBase:
    """What every step of building a demo shares: its generators, records and indexes.

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
        self.as_of_slot = (5 * weeks + min(days, 5)) * len(SLOT_HOURS)  # the first slot of as_of
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

    def tick(self, kind: str, done: int, total: int) -> None:
        """Tell :attr:`progress` how far the records of ``kind`` are: every 1,000, and the last."""
        if self.progress is not None and (done % 1000 == 0 or done == total):
            self.progress(kind, done, total)


def _monday_before(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week: trainers' slots are counted from one."""
    return day - dt.timedelta(days=day.weekday())
