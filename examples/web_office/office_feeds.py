"""Calendars to subscribe to: one per partner (a school's too) and one per forum.

A calendar app subscribes to a feed's address (``webcal://`` opens the app) and polls it.
Each feed is the ``ics`` exporter's calendar for one partner (``partner:<id>``: the forums it
sits in and the interventions it takes part in; for a school, its lessons) or one forum
(``forum:<id>``: its meetings), exported from the store itself, so every event's SEQUENCE
comes from the stored versions and an unchanged event is the same byte for byte: a changed
meeting or session replaces its older copy in the app, and an unchanged feed keeps its
``ETag`` (:mod:`office_caching`).

The feeds carry no personal data of youths: they are exported with ``personal_data="omit"``
and never read referrals (only partners, forums, meetings and interventions), and the
calendar export never shows a meeting's cases nor a case consultation's agenda anyway.
Only partners and forums of the office's arrondissement have a feed here.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

import attrs

from halt_core import (
    Forum,
    Intervention,
    InterventionStatus,
    Meeting,
    Partner,
    PartnerKind,
    Period,
)
from halt_core.events import InterventionEvent
from halt_core.export import PersonalData, export
from halt_core.storage import HistoryUnsupported, UnitOfWork

from office_caching import strong_etag
from office_context import Office

FEED_KINDS = ("partner", "forum")
"""The feeds there are: ``/calendars/partner/<id>.ics`` and ``/calendars/forum/<id>.ics``."""

_READ: dict[str, tuple[type, ...]] = {
    # What each calendar needs: the partners lend their names to the events.
    "partner": (Partner, Forum, Meeting, Intervention),
    "forum": (Partner, Forum, Meeting),
}
COMING_DAYS = 90
"""How far ahead the partner and forum pages list meetings and sessions."""
_CALLED_OFF = (InterventionStatus.DECLINED, InterventionStatus.CANCELLED)


@attrs.frozen
class Feed:
    """One feed as it is now.

    Attributes:
        body: the iCalendar file.
        etag: its strong entity tag (a hash of ``body``).
        name: whose calendar it is: the partner's or the forum's name.

    """

    body: bytes
    etag: str
    name: str


@attrs.frozen
class FeedLinks:
    """The addresses of a feed.

    Attributes:
        web: the plain address (``http://`` or ``https://``, as the page was asked for), for
            Google Calendar's *From URL* or a download.
        webcal: the same address with ``webcal://``, which opens the calendar app to
            subscribe.

    """

    web: str
    webcal: str


def feed_path(kind: str, id: uuid.UUID, key: str | None = None) -> str:
    """The path of a feed, e.g. ``/calendars/forum/<id>.ics``.

    With an account's feed ``key`` (:mod:`office_feed_keys`), the path a calendar app can
    read without a session: ``/calendars/<key>/forum/<id>.ics``.
    """
    return f"/calendars/{key}/{kind}/{id}.ics" if key else f"/calendars/{kind}/{id}.ics"


def feed_links(base_url: str, kind: str, id: uuid.UUID, key: str | None = None) -> FeedLinks:
    """The addresses of a feed on the server at ``base_url`` (e.g. ``http://host:8000/``)."""
    web = base_url.rstrip("/") + feed_path(kind, id, key)
    return FeedLinks(web=web, webcal="webcal://" + web.partition("://")[2])


def calendar_feed(office: Office, kind: str, id: uuid.UUID) -> Feed | None:
    """The feed of partner or forum ``id`` (``kind``); None when the office has no such one."""
    with office.store.unit_of_work() as uow:
        subject = _subject(uow, office, kind, id)
        if subject is None:
            return None
        out = io.BytesIO()
        export(
            uow,
            out,
            "ics",
            kinds=_READ[kind],
            personal_data=PersonalData.OMIT,
            settings={"calendar": f"{kind}:{id}"},
        )
    body = out.getvalue()
    return Feed(body=body, etag=strong_etag(body), name=subject.name)


def _subject(uow: UnitOfWork, office: Office, kind: str, id: uuid.UUID) -> Partner | Forum | None:
    """The arrondissement's partner or forum ``id``, or None."""
    if kind == "partner":
        partners = uow.partners.query(area=office.area)
        return next((p for p in partners if p.id == id), None)
    if kind == "forum":
        forums = uow.forums.query(area=office.area)
        return next((f for f in forums if f.id == id), None)
    return None


def partner_page(office: Office, id: uuid.UUID) -> dict[str, Any] | None:
    """What a partner's page shows; None when the office has no such partner.

    The partner, the forums it sits in, its collaborations (as a partner or the
    commissioner), its coming sessions, and every intervention of the arrondissement it
    takes part in (as the school, the commissioner or a partner), the newest first.
    """
    now = office.clock()
    with office.store.unit_of_work() as uow:
        partner = _subject(uow, office, "partner", id)
        if not isinstance(partner, Partner):
            return None
        forums = sorted(
            (f for f in uow.forums.query(area=office.area) if partner.id in f.members),
            key=lambda f: f.name,
        )
        collaborations = sorted(
            (
                c
                for c in uow.collaborations.query(area=office.area)
                if partner.id in c.partners or c.commissioner == partner.id
            ),
            key=lambda c: (-c.period.start.toordinal(), c.name),
        )
        taking_part = [
            i
            for i in uow.interventions.query(area=office.area)
            if partner.id in (i.school, i.commissioner, *i.partners)
        ]
    ahead = now + dt.timedelta(days=COMING_DAYS)
    sessions = sorted(
        (
            (s.start, i)
            for i in taking_part
            for s in i.sessions
            if now <= s.start <= ahead and i.status not in _CALLED_OFF
        ),
        key=lambda pair: pair[0],
    )
    return {
        "partner": partner,
        "is_school": partner.kind is PartnerKind.SCHOOL,
        "forums": forums,
        "collaborations": collaborations,
        "sessions": sessions,
        "interventions": sorted(taking_part, key=_newest_first),
        "days": COMING_DAYS,
    }


def _newest_first(i: Intervention) -> tuple[int, str]:
    """Sorts interventions by their first session (else the request's day), newest first."""
    day = min((s.start.date() for s in i.sessions), default=i.requested_on or dt.date.min)
    return (-day.toordinal(), i.title)


def forum_page(office: Office, id: uuid.UUID) -> dict[str, Any] | None:
    """What a forum's page shows; None when the office has no such forum.

    The forum, its members, its collaboration, and its meetings from :data:`COMING_DAYS`
    days ago to as many days ahead, the cancelled ones too (the page marks them).
    """
    now = office.clock()
    today = now.date()
    with office.store.unit_of_work() as uow:
        forum = _subject(uow, office, "forum", id)
        if not isinstance(forum, Forum):
            return None
        around = Period(
            start=today - dt.timedelta(days=COMING_DAYS),
            end=today + dt.timedelta(days=COMING_DAYS),
        )
        meetings = sorted(uow.meetings.query(owner=forum.id, period=around), key=lambda m: m.start)
        in_area = {p.id for p in uow.partners.query(area=office.area)}
        found = [p for p in map(uow.partners.find, forum.members) if p is not None]
        collaboration = (
            None if forum.collaboration is None else uow.collaborations.find(forum.collaboration)
        )
    members = sorted(found, key=lambda p: p.name)
    return {
        "forum": forum,
        "members": members,
        "in_area": in_area,
        "meetings": [m for m in meetings if m.start >= now],
        "past": [m for m in meetings if m.start < now][::-1],
        "collaboration": collaboration,
        "days": COMING_DAYS,
    }


def intervention_page(office: Office, id: uuid.UUID) -> dict[str, Any] | None:
    """What an intervention's page shows; None when the arrondissement has no such one.

    The record as it is stored: its status, sessions (and dropped ones), the partners it
    involves and its collaboration; and its history, from the events the store keeps about
    it (``uow.outbox.about``), oldest first. ``history`` is None for a store that cannot
    read them.
    """
    with office.store.unit_of_work() as uow:
        found = uow.interventions.find(id)
        in_area = {p.id: p for p in uow.partners.query(area=office.area)}
        ours = {i.id for i in uow.interventions.query(area=office.area)} if found else set()
        if found is None or found.id not in ours:
            return None
        wanted = [p for p in (found.school, found.commissioner, *found.partners) if p is not None]
        partners = {p.id: p for p in map(uow.partners.find, wanted) if p is not None}
        collaboration = (
            None if found.collaboration is None else uow.collaborations.find(found.collaboration)
        )
        try:
            history: list[InterventionEvent] | None = [
                e for e in uow.outbox.about(found.id) if isinstance(e, InterventionEvent)
            ]
        except HistoryUnsupported:
            history = None
    return {
        "history": history,
        "i": found,
        "partners": partners,
        "in_area": in_area,
        "collaboration": collaboration,
        "sessions": sorted(found.sessions, key=lambda s: s.start),
        "dropped": sorted(found.dropped_sessions, key=lambda s: s.start),
    }
