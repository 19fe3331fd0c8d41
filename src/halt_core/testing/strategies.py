"""Hypothesis strategies for every model, for halt_core's tests and yours.

Install the extra: ``pip install "halt-core[testing]"``. Every strategy draws *valid*
values: they pass their constructors, use real municipality codes from the shipped
gazetteer, and keep moments in Europe/Amsterdam. Use them to test code built on halt_core::

    from hypothesis import given
    from halt_core.testing import strategies as hs

    @given(hs.interventions())
    def test_my_export_reads_back(intervention): ...

Values are valid one by one; a drawn :func:`networks` has unique ids, but its records need
not refer to each other, so it is for testing plumbing (stores, converters, exports), not
for asserting that rules find nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from halt_core import ids
from halt_core.events import (
    EVENT_TYPES,
    CollaborationEvent,
    Event,
    InterventionEvent,
    MeetingCancelled,
    MeetingEvent,
    MeetingMoved,
    NotificationParked,
    PartnerEnded,
    PartnerEvent,
    ReferralEvent,
)
from halt_core.lifecycle import LIFECYCLES, MAX_SETTLEMENT_HOURS
from halt_core.model import (
    AMSTERDAM,
    AgendaItem,
    AgeRange,
    Agreement,
    Area,
    AreaKind,
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
    Intervention,
    InterventionKind,
    InterventionStatus,
    Level,
    Meeting,
    Network,
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
    WorkDomain,
    YouthPseudonym,
)
from halt_core.model.pseudonyms import pseudonym_problem

__all__ = [
    "actors",
    "age_ranges",
    "areas",
    "cadences",
    "collaborations",
    "contact_points",
    "dates",
    "email_addresses",
    "evaluations",
    "events",
    "forums",
    "interventions",
    "meetings",
    "moments",
    "municipality_codes",
    "names",
    "networks",
    "outcomes",
    "partners",
    "periods",
    "phone_numbers",
    "pseudonyms",
    "referrals",
    "sessions",
    "target_groups",
    "time_slots",
]

_T = TypeVar("_T")

_GAZETTEER = Gazetteer.load()
_FIRST_DAY = dt.date(2015, 1, 1)
_LAST_DAY = dt.date(2035, 12, 31)


def names(max_size: int = 60) -> st.SearchStrategy[str]:
    """Non-blank text, as names and titles must be: letters of any script, digits, spaces."""
    alphabet = st.characters(categories=("L", "N", "Zs", "Pd", "Po"), exclude_characters="\x00")
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda s: s.strip() != "")


def municipality_codes() -> st.SearchStrategy[str]:
    """CBS codes of real municipalities in the newest shipped division."""
    return st.sampled_from([m.code for m in _GAZETTEER])


def areas(kind: AreaKind | None = None) -> st.SearchStrategy[Area]:
    """Areas of every kind (or of ``kind``), naming only codes the gazetteer knows."""
    by_kind: dict[AreaKind, st.SearchStrategy[Area]] = {
        AreaKind.MUNICIPALITY: municipality_codes().map(Area.municipality),
        AreaKind.MUNICIPALITIES: st.frozensets(municipality_codes(), min_size=1, max_size=6).map(
            Area.municipalities
        ),
        AreaKind.SAFETY_REGION: st.sampled_from([r.code for r in _GAZETTEER.safety_regions]).map(
            Area.safety_region
        ),
        AreaKind.ARRONDISSEMENT: st.sampled_from(list(Arrondissement)).map(Area.arrondissement),
        AreaKind.COUNTRY: st.just(Area.country()),
    }
    if kind is not None:
        return by_kind[kind]
    return st.one_of(*by_kind.values())


def dates(
    min_value: dt.date = _FIRST_DAY, max_value: dt.date = _LAST_DAY
) -> st.SearchStrategy[dt.date]:
    """Days from 2015 to 2035 (or between the bounds given)."""
    return st.dates(min_value=min_value, max_value=max_value)


def periods(open_ended: bool | None = None) -> st.SearchStrategy[Period]:
    """Ordered periods of days; ``open_ended`` forces (True) or forbids (False) a missing end."""

    @st.composite
    def build(draw: st.DrawFn) -> Period:
        start = draw(dates())
        no_end = draw(st.booleans()) if open_ended is None else open_ended
        if no_end:
            return Period(start=start)
        return Period(start=start, end=draw(dates(min_value=start)))

    return build()


def moments() -> st.SearchStrategy[dt.datetime]:
    """Aware moments from 2015 to 2035, DST folds included (either fold).

    They come in Europe/Amsterdam, UTC or a fixed offset; the model keeps them all in
    Europe/Amsterdam. No wall time from a spring DST gap: the model refuses those (see
    :mod:`halt_core.model.periods`).
    """
    zones = st.sampled_from(
        [AMSTERDAM, dt.UTC, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-5))]
    )
    return st.datetimes(
        min_value=dt.datetime(2015, 1, 1),
        max_value=dt.datetime(2035, 12, 31),
        timezones=zones,
        allow_imaginary=False,
    )


def time_slots(max_minutes: int = 8 * 60) -> st.SearchStrategy[tuple[dt.datetime, dt.datetime]]:
    """A start and a later end, at most ``max_minutes`` apart (counted in real time)."""

    def later(start: dt.datetime, minutes: int) -> tuple[dt.datetime, dt.datetime]:
        # Adding to an aware time adds wall-clock time; add to the instant instead, so a slot
        # across a DST change still lasts the minutes drawn.
        end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)
        return start, end

    return st.builds(later, moments(), st.integers(1, max_minutes))


def _ids(id_type: Callable[[uuid.UUID], _T]) -> st.SearchStrategy[_T]:
    return st.uuids(version=4).map(id_type)


def pseudonyms() -> st.SearchStrategy[YouthPseudonym]:
    """Pseudonyms as Halt's case system issues them, in the shape the model accepts."""
    return (
        st.from_regex(r"[A-Z]{1,4}[-_][A-Z0-9]{6,16}", fullmatch=True)
        .filter(lambda token: pseudonym_problem(token) is None)
        .map(YouthPseudonym)
    )


def email_addresses() -> st.SearchStrategy[str]:
    """E-mail addresses that `email-validator` accepts, in the form the model keeps them."""
    word = r"[a-z0-9](?:[a-z0-9_-]{0,10}[a-z0-9])?"
    # One hyphen at most: "ab--" starts labels reserved for IDNA, which mail refuses.
    label = r"[a-z0-9]{1,10}(?:-[a-z0-9]{1,10})?"
    return st.from_regex(
        rf"{word}(?:\.{word}){{0,2}}@(?:{label}\.){{0,2}}example\.(?:nl|org|com)", fullmatch=True
    )


def phone_numbers() -> st.SearchStrategy[str]:
    """Valid Dutch phone numbers in the spellings people use: ``020 123 4567``, ``+31 6 ...``.

    The model keeps each in E.164 (``+31201234567``).
    """
    local = st.builds(
        "{}{}".format,
        st.sampled_from(["10", "20", "30", "40", "43", "50", "70", "73", "76"]),
        st.from_regex(r"[2-9][0-9]{6}", fullmatch=True),
    ) | st.from_regex(r"6[1-5][0-9]{7}", fullmatch=True)
    spelled = st.sampled_from(["0{} ", "+31 {}", "0031{}", "+31 (0){}", "0{}"])
    return st.builds(lambda spelling, number: spelling.format(number).strip(), spelled, local)


def contact_points() -> st.SearchStrategy[ContactPoint]:
    """Contact points with an e-mail address, a phone number or both."""
    emails = email_addresses()
    phones = phone_numbers()
    return st.one_of(
        st.builds(
            ContactPoint,
            role=names(40),
            name=st.none() | names(40),
            email=emails,
            phone=st.none() | phones,
        ),
        st.builds(ContactPoint, role=names(40), name=st.none() | names(40), phone=phones),
    )


def partners(kind: PartnerKind | None = None) -> st.SearchStrategy[Partner]:
    """Partners of every kind (or of ``kind``), each with an area that fits its level."""

    @st.composite
    def build(draw: st.DrawFn) -> Partner:
        area = draw(areas())
        return Partner(
            id=draw(_ids(ids.PartnerId)),
            name=draw(names()),
            kind=kind if kind is not None else draw(st.sampled_from(list(PartnerKind))),
            level=area.level,
            area=area,
            contact_points=tuple(draw(st.lists(contact_points(), max_size=2))),
            notes=draw(st.just("") | names(100)),
            oin=draw(st.none() | st.from_regex(r"0000000[1-6][0-9]{12}", fullmatch=True)),
            kvk=draw(st.none() | st.from_regex(r"[0-9]{8}", fullmatch=True)),
            brin=draw(st.none() | st.from_regex(r"[0-9]{2}[A-Z]{2}(?:[0-9]{2})?", fullmatch=True)),
            language=draw(st.sampled_from(["nl", "en"])),
            **draw(_partner_ends()),
        )

    return build()


def _partner_ends() -> st.SearchStrategy[dict[str, Any]]:
    # Most partners work on; some ended, each with its day and its reason.
    ended = st.fixed_dictionaries({"ended_on": dates(), "end_reason": names(200)})
    return st.just({}) | ended


def _id_tuples(id_type: Callable[[uuid.UUID], _T], max_size: int = 5) -> st.SearchStrategy[Any]:
    return st.lists(_ids(id_type), max_size=max_size, unique=True).map(tuple)


def collaborations() -> st.SearchStrategy[Collaboration]:
    """Collaborations of every kind and status."""

    @st.composite
    def build(draw: st.DrawFn) -> Collaboration:
        area = draw(areas())
        kind = draw(st.sampled_from(list(CollaborationKind)))
        return Collaboration(
            id=draw(_ids(ids.CollaborationId)),
            name=draw(names()),
            kind=kind,
            domain=draw(st.sampled_from(list(WorkDomain))),
            level=area.level,
            area=area,
            partners=draw(_id_tuples(ids.PartnerId)),
            commissioner=draw(_ids(ids.PartnerId))
            if kind is CollaborationKind.COMMISSION
            else None,
            period=draw(periods()),
            agreements=tuple(
                draw(
                    st.lists(
                        st.builds(Agreement, text=names(200), agreed_on=st.none() | dates()),
                        max_size=3,
                    )
                )
            ),
            problem_areas=draw(st.frozensets(st.sampled_from(list(ProblemArea)), max_size=4)),
            status=draw(st.sampled_from(list(CollaborationStatus))),
        )

    return build()


def cadences() -> st.SearchStrategy[Cadence]:
    """Fixed meeting rhythms."""
    return st.builds(
        Cadence, frequency=st.sampled_from(list(Frequency)), interval=st.integers(1, 12)
    )


def forums(kind: ForumKind | None = None) -> st.SearchStrategy[Forum]:
    """Forums of every kind (or of ``kind``), at the level and in a role the kind allows."""

    @st.composite
    def build(draw: st.DrawFn) -> Forum:
        forum_kind = kind if kind is not None else draw(st.sampled_from(list(ForumKind)))
        profile = forum_kind.profile
        level = profile.level or draw(st.sampled_from(list(Level)))
        area_kinds = [k for k in AreaKind if k.level is level]
        area = draw(areas(draw(st.sampled_from(area_kinds))))
        return Forum(
            id=draw(_ids(ids.ForumId)),
            name=draw(names()),
            kind=forum_kind,
            level=level,
            area=area,
            members=draw(_id_tuples(ids.PartnerId, 8)),
            halt_role=draw(st.sampled_from(sorted(profile.halt_roles))),
            period=draw(periods()),
            cadence=draw(st.none() | cadences()),
            collaboration=draw(st.none() | _ids(ids.CollaborationId)),
        )

    return build()


def meetings(
    forum: ids.ForumId | None = None,
    *,
    members: Sequence[ids.PartnerId] | None = None,
    cancelled: bool | None = False,
) -> st.SearchStrategy[Meeting]:
    """Meetings (of ``forum`` when given), some with cases on the agenda.

    Some record their attendees (from ``members`` when given, else any partner ids), and some
    cases name those they were discussed with: some of the attendees (the others left the
    table for it), or when no attendees are recorded any partner ids. ``cancelled``: False
    (the default) draws meetings to be held, True only meetings called off (a day and a
    reason, perhaps empty), None both.
    """

    @st.composite
    def build(draw: st.DrawFn) -> Meeting:
        start, end = draw(time_slots())
        pool = _id_tuples(ids.PartnerId, 6) if members is None else _subsets(members)
        attendees = draw(st.just(()) | pool)
        table = _subsets(attendees) if attendees else pool
        cases = st.builds(
            CaseOnAgenda,
            youth=pseudonyms(),
            municipality=municipality_codes(),
            referral=st.none() | _ids(ids.ReferralId),
            discussed_with=st.none() | table,
        )
        return Meeting(
            id=draw(_ids(ids.MeetingId)),
            forum=forum if forum is not None else draw(_ids(ids.ForumId)),
            start=start,
            end=end,
            location=draw(names(80)),
            agenda=tuple(
                draw(
                    st.lists(st.builds(AgendaItem, title=names(80), notes=st.just("")), max_size=3)
                )
            ),
            cases=tuple(draw(st.lists(cases, max_size=3))),
            attendees=attendees,
            **draw(_called_off(cancelled)),
        )

    return build()


def _called_off(cancelled: bool | None) -> st.SearchStrategy[dict[str, Any]]:
    """A meeting's cancellation fields: none (``cancelled`` False), some (True), or either."""
    called_off = st.fixed_dictionaries(
        {"cancelled_on": dates(), "cancellation_reason": st.just("") | names(200)}
    )
    if cancelled is None:
        return st.just({}) | called_off
    return called_off if cancelled else st.just({})


def _subsets(items: Sequence[_T]) -> st.SearchStrategy[tuple[_T, ...]]:
    """Some of ``items``, each once, in their order."""
    unique = tuple(dict.fromkeys(items))
    if not unique:
        return st.just(())
    return st.lists(st.booleans(), min_size=len(unique), max_size=len(unique)).map(
        lambda keep: tuple(item for item, kept in zip(unique, keep, strict=True) if kept)
    )


def age_ranges(minimum: int = 0, maximum: int = 120) -> st.SearchStrategy[AgeRange]:
    """Ordered age ranges within ``minimum`` to ``maximum``."""
    return st.tuples(st.integers(minimum, maximum), st.integers(minimum, maximum)).map(
        lambda pair: AgeRange(minimum=min(pair), maximum=max(pair))
    )


def target_groups() -> st.SearchStrategy[TargetGroup]:
    """Target groups of every audience."""
    return st.builds(
        TargetGroup,
        audience=st.sampled_from(list(Audience)),
        description=names(80),
        age_range=st.none() | age_ranges(4, 67),
        size=st.none() | st.integers(1, 2000),
        parents_involved=st.booleans(),
    )


def sessions() -> st.SearchStrategy[Session]:
    """Planned sessions, each with an id of its own, with or without a trainer."""
    return st.builds(
        lambda session_id, slot, location, trainer: Session(
            id=session_id, start=slot[0], end=slot[1], location=location, trainer=trainer
        ),
        _ids(ids.SessionId),
        time_slots(),
        names(80),
        st.none() | st.from_regex(r"[A-Za-z0-9._-]{1,32}", fullmatch=True),
    )


def _session_tuples(min_size: int = 0) -> st.SearchStrategy[tuple[Session, ...]]:
    """Sessions of one intervention: each id once."""
    return st.lists(sessions(), min_size=min_size, max_size=4, unique_by=_session_id).map(tuple)


def _session_id(session: Session) -> uuid.UUID:
    return session.id


@st.composite
def _replans(draw: st.DrawFn) -> tuple[tuple[Session, ...], tuple[Session, ...]]:
    """A plan and the plan before it: some sessions kept, some moved, added and dropped."""
    before = draw(_session_tuples())
    kept = [s for s in before if draw(st.booleans())]
    moved = [
        attrs.evolve(s, start=slot[0], end=slot[1]) if draw(st.booleans()) else s
        for s, slot in zip(kept, draw(st.lists(time_slots(), min_size=len(kept))), strict=False)
    ]
    known = {s.id for s in before}
    added = draw(st.lists(sessions(), max_size=3, unique_by=_session_id))
    now = [*moved, *(s for s in added if s.id not in known)]
    if not now:
        now = [draw(sessions().filter(lambda s: s.id not in known))]
    return tuple(draw(st.permutations(now))), before


def evaluations() -> st.SearchStrategy[Evaluation]:
    """Evaluations of delivered work."""
    return st.builds(
        Evaluation,
        evaluated_on=dates(),
        summary=names(200),
        reached=st.none() | st.integers(0, 5000),
    )


def interventions(kind: InterventionKind | None = None) -> st.SearchStrategy[Intervention]:
    """Interventions of every kind (or of ``kind``) and status."""

    @st.composite
    def build(draw: st.DrawFn) -> Intervention:
        status = draw(st.sampled_from(list(InterventionStatus)))
        planned = draw(_session_tuples())
        dropped = draw(st.lists(sessions(), max_size=2, unique_by=_session_id))
        return Intervention(
            id=draw(_ids(ids.InterventionId)),
            kind=kind if kind is not None else draw(st.sampled_from(list(InterventionKind))),
            title=draw(names()),
            problem_areas=draw(st.frozensets(st.sampled_from(list(ProblemArea)), max_size=3)),
            target_group=draw(target_groups()),
            area=draw(areas()),
            commissioner=draw(st.none() | _ids(ids.PartnerId)),
            school=draw(st.none() | _ids(ids.PartnerId)),
            partners=draw(_id_tuples(ids.PartnerId, 3)),
            collaboration=draw(st.none() | _ids(ids.CollaborationId)),
            period=draw(st.none() | periods()),
            sessions=planned,
            dropped_sessions=tuple(d for d in dropped if d.id not in {s.id for s in planned}),
            status=status,
            requested_on=draw(dates()),
            evaluation=draw(evaluations()) if status is InterventionStatus.EVALUATED else None,
        )

    return build()


_RESULT = {
    ReferralStatus.COMPLETED: OutcomeResult.POSITIVE,
    ReferralStatus.RETURNED: OutcomeResult.NEGATIVE,
}


def referrals() -> st.SearchStrategy[Referral]:
    """Referrals in every status, with an outcome exactly where the status needs one."""

    @st.composite
    def build(draw: st.DrawFn) -> Referral:
        status = draw(st.sampled_from(list(ReferralStatus)))
        offence_date = draw(dates())
        result = _RESULT.get(status)
        outcome = None
        if result is not None:
            outcome = Outcome(
                result=result,
                decided_on=draw(dates(min_value=offence_date)),
                hours=draw(st.none() | st.integers(0, 20)),
            )
        return Referral(
            id=draw(_ids(ids.ReferralId)),
            referrer=draw(_ids(ids.PartnerId)),
            youth=draw(pseudonyms()),
            age_at_offence=draw(st.integers(12, 17)),
            offence=draw(st.sampled_from(list(OffenceCategory))),
            offence_date=offence_date,
            referred_on=draw(dates(min_value=offence_date)),
            municipality=draw(municipality_codes()),
            status=status,
            outcome=outcome,
        )

    return build()


def networks(max_records: int = 5) -> st.SearchStrategy[Network]:
    """Networks with up to ``max_records`` records of each kind and unique ids."""

    def unique(records: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.lists(records, max_size=max_records, unique_by=lambda r: r.id).map(tuple)

    return st.builds(
        Network,
        partners=unique(partners()),
        collaborations=unique(collaborations()),
        forums=unique(forums()),
        meetings=unique(meetings()),
        interventions=unique(interventions()),
        referrals=unique(referrals()),
    )


# -- events -------------------------------------------------------------------------------------


def actors() -> st.SearchStrategy[str]:
    """Who does things: staff codes such as ``tr.jansen``, and names of people or systems."""
    return st.from_regex(r"[A-Za-z0-9._-]{1,32}", fullmatch=True) | names(100)


def outcomes(result: OutcomeResult | None = None) -> st.SearchStrategy[Outcome]:
    """Outcomes of referrals (with ``result`` when given), hours within the legal maximum."""
    return st.builds(
        Outcome,
        result=st.just(result) if result is not None else st.sampled_from(list(OutcomeResult)),
        decided_on=dates(),
        hours=st.none() | st.integers(0, MAX_SETTLEMENT_HOURS),
    )


# The data each kind of event carries besides what every event of its family has; a new event
# class with data needs its entry here (the tests build every kind, so a gap shows).
_EVENT_DATA: dict[str, Callable[[], dict[str, st.SearchStrategy[Any]]]] = {
    "nl.halt.intervention.agreed": lambda: {"period": periods()},
    "nl.halt.intervention.scheduled": lambda: {"sessions": _session_tuples(1)},
    "nl.halt.intervention.rescheduled": lambda: {"plans": _replans()},
    "nl.halt.intervention.evaluated": lambda: {"evaluation": evaluations()},
    "nl.halt.intervention.declined": lambda: {"reason": names(200)},
    "nl.halt.intervention.cancelled": lambda: {"reason": names(200)},
    "nl.halt.collaboration.suspended": lambda: {"reason": names(200)},
    "nl.halt.collaboration.ended": lambda: {"ended_on": dates()},
    "nl.halt.referral.completed": lambda: {"outcome": outcomes(OutcomeResult.POSITIVE)},
    "nl.halt.referral.returned": lambda: {
        "outcome": outcomes(OutcomeResult.NEGATIVE),
        "reason": names(200),
    },
    "nl.halt.referral.refused": lambda: {"reason": names(200)},
}

_SUBJECT_FIELD: dict[type[Event], tuple[str, Callable[[uuid.UUID], Any]]] = {
    InterventionEvent: ("intervention", ids.InterventionId),
    CollaborationEvent: ("collaboration", ids.CollaborationId),
    ReferralEvent: ("referral", ids.ReferralId),
}


def events(event_type: type[Event] | None = None) -> st.SearchStrategy[Event]:
    """Events of every kind (or of ``event_type``, e.g. ``CollaborationSuspended``).

    Each has the statuses its lifecycle transition allows: ``from_status`` one of the
    transition's sources, ``to_status`` its target. Meeting events, which have no statuses,
    carry time slots as :func:`time_slots` draws them.
    """
    if event_type is None:
        return st.one_of(*(_events_of(cls) for cls in EVENT_TYPES.values()))
    return _events_of(event_type)


def _events_of(cls: type[Event]) -> st.SearchStrategy[Event]:
    if issubclass(cls, MeetingEvent):
        return _meeting_events(cls)
    if issubclass(cls, PartnerEvent):
        return st.builds(
            PartnerEnded,
            id=_ids(ids.EventId),
            occurred_at=moments(),
            actor=actors(),
            partner=_ids(ids.PartnerId),
            ended_on=dates(),
            reason=names(200),
        )
    if cls is NotificationParked:
        return st.builds(
            NotificationParked,
            id=_ids(ids.EventId),
            occurred_at=moments(),
            actor=actors(),
            notification=st.uuids(),
            event=st.uuids(),
            event_type=st.sampled_from(sorted(EVENT_TYPES)),
            notifier=st.sampled_from(["log:", "webhook+https://hooks.example.nl/halt"]),
            recipient=st.just("-") | st.uuids().map(str),
            attempts=st.integers(0, 100),
            reason=names(200),
        )
    (transition,) = [t for lc in LIFECYCLES for t in lc.transitions if t.event is cls]
    type_name = next(name for name, known in EVENT_TYPES.items() if known is cls)
    (subject, id_type) = next(
        field for base, field in _SUBJECT_FIELD.items() if issubclass(cls, base)
    )
    return st.builds(
        functools.partial(_event, cls),
        id=_ids(ids.EventId),
        occurred_at=moments(),
        actor=actors(),
        from_status=st.sampled_from(transition.sources),
        to_status=st.just(transition.target),
        **{subject: _ids(id_type)},
        **_EVENT_DATA.get(type_name, dict)(),
    )


def _event(cls: type[Event], **data: Any) -> Event:
    # "plans": a plan and the one before it, drawn together (see _replans).
    if "plans" in data:
        data["sessions"], data["previous_sessions"] = data.pop("plans")
    return cls(**data)


def _meeting_events(cls: type[MeetingEvent]) -> st.SearchStrategy[Event]:
    # The data of a meeting event comes in time slots (a start with its end), so it is drawn
    # together rather than field by field as _EVENT_DATA gives it.
    @st.composite
    def build(draw: st.DrawFn) -> Event:
        start, end = draw(time_slots())
        data: dict[str, Any] = {"start": start, "end": end, "location": draw(names(200))}
        if cls is MeetingMoved:
            previous_start, previous_end = draw(time_slots())
            data.update(
                previous_start=previous_start,
                previous_end=previous_end,
                previous_location=draw(names(200)),
            )
        if cls is MeetingCancelled:
            data.update(version=draw(st.integers(1, 2**63 - 1)), reason=draw(names(200)))
        return cls(
            id=draw(_ids(ids.EventId)),
            occurred_at=draw(moments()),
            actor=draw(actors()),
            meeting=draw(_ids(ids.MeetingId)),
            forum=draw(_ids(ids.ForumId)),
            **data,
        )

    return build()


# -- the privacy log ----------------------------------------------------------------------------

__all__ += ["disclosures", "erasures", "kept_counts", "legal_holds"]

_DISCLOSED_FIELDS = (
    "Referral.youth",
    "Referral.offence",
    "Referral.municipality",
    "Referral.status",
    "Meeting.start",
    "Partner.name",
)


def disclosures(
    *,
    youths: st.SearchStrategy[YouthPseudonym] | None = None,
    recipients: st.SearchStrategy[ids.PartnerId | None] | None = None,
    at: st.SearchStrategy[dt.datetime] | None = None,
) -> st.SearchStrategy[Any]:
    """Disclosures (:class:`halt_core.privacy.log.Disclosure`) to a partner or to no one partner.

    ``youths``, ``recipients`` and ``at`` replace what the youths, the recipient and the
    moment are drawn from: give small pools to make disclosures that queries tell apart.
    """
    from halt_core.privacy.log import Disclosure
    from halt_core.privacy.policy import LegalBasis, Purpose

    return st.builds(
        Disclosure,
        id=st.uuids(version=4),
        at=moments() if at is None else at,
        by=actors(),
        purpose=st.sampled_from(Purpose),
        legal_basis=st.sampled_from(LegalBasis),
        rule=names(200),
        recipient=st.none() | _ids(ids.PartnerId) if recipients is None else recipients,
        recipient_name=names(300),
        youths=st.lists(pseudonyms() if youths is None else youths, min_size=1, max_size=4).map(
            tuple
        ),
        referrals=_id_tuples(ids.ReferralId, 3),
        fields=st.lists(st.sampled_from(_DISCLOSED_FIELDS), max_size=4, unique=True).map(tuple),
        channel=names(200),
        forum=st.none() | _ids(ids.ForumId),
        meeting=st.none() | _ids(ids.MeetingId),
    )


def legal_holds(youths: st.SearchStrategy[YouthPseudonym] | None = None) -> st.SearchStrategy[Any]:
    """Legal holds (:class:`halt_core.privacy.log.LegalHold`), on youths drawn from ``youths``."""
    from halt_core.privacy.log import LegalHold

    return st.builds(
        LegalHold,
        youth=pseudonyms() if youths is None else youths,
        reason=names(500),
        placed_at=moments(),
        placed_by=actors(),
    )


def erasures(youths: st.SearchStrategy[YouthPseudonym] | None = None) -> st.SearchStrategy[Any]:
    """Erasures (:class:`halt_core.privacy.log.Erasure`) of youths drawn from ``youths``."""
    from halt_core.privacy.log import Erasure

    return st.builds(
        Erasure,
        id=st.uuids(version=4),
        youth=pseudonyms() if youths is None else youths,
        at=moments(),
        by=actors(),
        reason=st.just("") | names(500),
        referrals_removed=st.integers(0, 10**6),
        cases_removed=st.integers(0, 10**6),
    )


def kept_counts(max_count: int = 10**9) -> st.SearchStrategy[Any]:
    """Counts kept for statistics (:class:`halt_core.privacy.log.KeptCount`), at most ``max_count``.

    Kinds, years and details come from small pools, so that counts often share a key.
    """
    from halt_core.privacy.log import KeptCount

    return st.builds(
        KeptCount,
        kind=st.sampled_from(["referrals", "cases"]),
        year=st.integers(2024, 2026),
        municipality=st.sampled_from(["GM0363", "GM0344"]) | st.just(""),
        detail=st.sampled_from(["", "shoplifting/positive", "vandalism/negative", "ë/ß"]),
        count=st.integers(0, max_count),
    )
