"""The work of a demo: preventive interventions with their trainers' sessions, and referrals.

Both go where people live (see :meth:`WorkSteps.work_sampler`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence

from halt_core.demo._base import SLOT_HOURS
from halt_core.demo._even import even_work
from halt_core.demo._names import DISTRICTS, LOCATIONS, lesson_groups, parent_group
from halt_core.demo._partners import PartnerSteps
from halt_core.demo._sampling import Sampler
from halt_core.ids import InterventionId, ReferralId
from halt_core.model import (
    AMSTERDAM,
    AgeRange,
    Area,
    Arrondissement,
    Audience,
    Evaluation,
    Intervention,
    InterventionKind,
    InterventionStatus,
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
    Session,
    TargetGroup,
)

__all__ = ["WorkSteps"]

_SESSION_MINUTES = 90


def _slug(text: str) -> str:
    """``text`` in ASCII lower case, other characters dots: for trainer codes only.

    It may give two dots in a row; e-mail addresses use
    :func:`~halt_core.demo._contacts.local_part`.
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "." for c in plain.lower()).strip(".")


class WorkSteps(PartnerSteps):
    """Makes the interventions (with trainers and their sessions) and the referrals."""

    # -- interventions ----------------------------------------------------------------------

    def slot_start(self, slot: int) -> dt.datetime:
        """The start of a trainer's ``slot``: three a working day from the window's start."""
        workday, part = divmod(slot, len(SLOT_HOURS))
        week, weekday = divmod(workday, 5)
        day = self.window_start + dt.timedelta(days=7 * week + weekday)
        hour, minute = SLOT_HOURS[part]
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


# The start of an intervention's title, by its kind; the municipality follows.
_TITLES = {
    InterventionKind.INFORMATION_LESSON: "Voorlichtingsles",
    InterventionKind.SCHOOL_SAFETY_ADVICE: "Schoolveiligheidsadvies",
    InterventionKind.YOUTH_MEDIATION: "Jongerenbemiddeling",
    InterventionKind.GUIDED_DIALOGUE: "Dialoog met jeugdgroep",
    InterventionKind.SAFE_PUBLIC_TASK: "Veilige Publieke Taak",
    InterventionKind.PARENT_MEETING: "Ouderavond",
    InterventionKind.TAILORED: "Maatwerk winkeldiefstal",
}
# The kinds given at a school, which name it.
_AT_SCHOOL = frozenset({InterventionKind.INFORMATION_LESSON, InterventionKind.SCHOOL_SAFETY_ADVICE})
