"""The forums of a demo, their meetings, and the referrals their cases concern."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

import attrs

from halt_core.demo._even import even_local_forums
from halt_core.demo._names import DISTRICTS
from halt_core.demo._partners import PartnerSteps
from halt_core.demo._sampling import LOCAL_FORUM_KINDS
from halt_core.ids import ForumId, MeetingId, PartnerId, ReferralId
from halt_core.model import (
    AMSTERDAM,
    AgendaItem,
    Area,
    Cadence,
    CaseOnAgenda,
    Forum,
    ForumKind,
    Frequency,
    HaltRole,
    Level,
    Meeting,
    Partner,
    PartnerKind,
    Period,
    Referral,
    SafetyRegion,
)
from halt_core.privacy.policy import may_receive_justice_data

__all__ = ["ForumSteps"]

_MEETING_HOURS = (9, 10, 11, 13, 14, 15, 16)
_CASE_FORUMS = frozenset({ForumKind.JCO, ForumKind.SAFETY_HOUSE_CASE_CONSULTATION})


class ForumSteps(PartnerSteps):
    """Makes the forums and their meetings, and links cases to their referrals."""

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
