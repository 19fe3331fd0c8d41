"""Information sheets show only what the policy allows, and every disclosing sheet is logged."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from halt_core import connect
from halt_core.errors import InvalidValue, NotFound
from halt_core.ids import ForumId, MeetingId, PartnerId, ReferralId, stable_id
from halt_core.model import (
    AMSTERDAM,
    AgendaItem,
    Area,
    CaseOnAgenda,
    Forum,
    ForumKind,
    HaltRole,
    Level,
    Meeting,
    Network,
    OffenceCategory,
    Partner,
    PartnerKind,
    Period,
    Referral,
    YouthPseudonym,
    at_the_table,
)
from halt_core.privacy.categories import Category
from halt_core.privacy.policy import LegalBasis
from halt_core.privacy.sheets import (
    information_sheet,
    prepare_information_sheets,
)
from halt_core.storage import DisclosureQuery
from halt_core.testing import strategies as hs

PLANTED_NAME = "Jan de Vries"
NOW = dt.datetime(2026, 3, 2, 16, 0, tzinfo=dt.UTC)


@st.composite
def tables(draw: st.DrawFn) -> tuple[Forum, Meeting, list[Partner], list[Referral]]:
    """A forum of any kind, its partners (members or not), a meeting with cases and
    referrals: some stored, some of another youth, planted names in the agenda."""
    partners = draw(st.lists(hs.partners(), min_size=1, max_size=5, unique_by=lambda p: p.id))
    members = draw(st.lists(st.sampled_from(partners), unique_by=lambda p: p.id))
    forum = attrs.evolve(draw(hs.forums()), members=tuple(p.id for p in members))
    referrals = draw(st.lists(hs.referrals(), max_size=3, unique_by=lambda r: r.id))
    cases = []
    for _ in range(draw(st.integers(0, 3))):
        youth = draw(hs.pseudonyms())
        referral = draw(
            st.one_of(st.none(), st.sampled_from(referrals) if referrals else st.none())
        )
        if referral is not None and draw(st.booleans()):
            referral_youth = youth  # the case's own referral
            referrals = [
                attrs.evolve(r, youth=youth) if r.id == referral.id else r for r in referrals
            ]
        else:
            referral_youth = None
        discussed = draw(
            st.one_of(st.none(), st.lists(st.sampled_from(partners), unique_by=lambda p: p.id))
        )
        cases.append(
            CaseOnAgenda(
                youth=youth if referral_youth is None else referral_youth,
                municipality="GM0363",
                referral=None if referral is None else referral.id,
                discussed_with=None if discussed is None else tuple(p.id for p in discussed),
            )
        )
    attendees = draw(st.lists(st.sampled_from(partners), unique_by=lambda p: p.id))
    meeting = attrs.evolve(
        draw(hs.meetings(forum.id)),
        cases=tuple(cases),
        attendees=tuple(p.id for p in attendees),
        agenda=(AgendaItem(title=f"Casus ({PLANTED_NAME})", notes="geb. 03-04-2010"),),
    )
    return forum, meeting, partners, referrals


@settings(max_examples=60, deadline=None)
@given(tables())
def test_a_sheet_shows_only_what_the_decision_allows(table):
    forum, meeting, partners, referrals = table
    by_id = {r.id: r for r in referrals}
    for case in meeting.cases:
        for recipient in partners:
            sheet = information_sheet(
                meeting=meeting,
                forum=forum,
                case=case,
                recipient=recipient,
                referral=by_id.get(case.referral) if case.referral else None,
            )
            for line in sheet.shown:
                assert sheet.decision.allows(line.category), line
                assert line.category is not Category.FREE_TEXT
            text = sheet.text()
            assert PLANTED_NAME not in text
            assert "03-04-2010" not in text
            if not sheet.decision.personal_data_allowed:
                assert case.youth not in text
                assert not sheet.discloses
            at_table = recipient.id in forum.members and forum.kind.profile.discusses_cases
            if not at_table or not recipient.kind.is_chain_partner:
                assert not sheet.discloses  # a non-member never receives case data


@settings(max_examples=60, deadline=None)
@given(tables())
def test_a_referral_of_another_youth_is_never_shown(table):
    forum, meeting, partners, referrals = table
    by_id = {r.id: r for r in referrals}
    for case in meeting.cases:
        referral = by_id.get(case.referral) if case.referral else None
        for recipient in partners:
            sheet = information_sheet(
                meeting=meeting, forum=forum, case=case, recipient=recipient, referral=referral
            )
            shows_referral = any(line.field.startswith("Referral.") for line in sheet.shown)
            if referral is None or referral.youth != case.youth:
                assert not shows_referral


def _jco_network() -> tuple[Network, Meeting]:
    police = Partner(
        id=stable_id(PartnerId, "police"),
        name="Politie Amsterdam",
        kind=PartnerKind.POLICE,
        level=Level.REGIONAL,
        area=Area.municipality("GM0363"),
    )
    school = attrs.evolve(
        police,
        id=stable_id(PartnerId, "school"),
        name="Het Lyceum",
        kind=PartnerKind.SCHOOL,
        level=Level.LOCAL,
    )
    referral = Referral(
        id=stable_id(ReferralId, "r1"),
        referrer=police.id,
        youth=YouthPseudonym("Y-7F3K9Q2M"),
        age_at_offence=15,
        offence=OffenceCategory.SHOPLIFTING,
        offence_date=dt.date(2026, 1, 12),
        referred_on=dt.date(2026, 1, 15),
        municipality="GM0363",
    )
    forum = Forum(
        id=stable_id(ForumId, "jco"),
        name="JCO Amsterdam",
        kind=ForumKind.JCO,
        level=Level.REGIONAL,
        area=Area.municipality("GM0363"),
        members=(police.id, school.id),
        halt_role=HaltRole.INFORMATION_SUPPLIER,
        period=Period(start=dt.date(2020, 1, 1)),
    )
    start = dt.datetime(2026, 3, 3, 9, 30, tzinfo=dt.UTC)
    meeting = Meeting(
        id=stable_id(MeetingId, "m1"),
        forum=forum.id,
        start=start,
        end=start + dt.timedelta(hours=1),
        location="Veiligheidshuis",
        attendees=(police.id, school.id),
        cases=(CaseOnAgenda(youth=referral.youth, municipality="GM0363", referral=referral.id),),
    )
    return Network.empty().with_records([police, school, referral, forum, meeting]), meeting


def test_preparing_records_one_disclosure_per_disclosing_sheet_with_the_commit():
    network, meeting = _jco_network()
    with connect("memory://") as store:
        with store.unit_of_work() as uow:
            uow.add_network(network)
            uow.commit()
        with store.unit_of_work() as uow:
            prepare_information_sheets(uow, meeting.id, by="tester", now=NOW)
            uow.rollback()  # the sheets are not handed out: nothing stays recorded
        with store.unit_of_work() as uow:
            assert uow.privacy_log.disclosures() == ()
            sheets = prepare_information_sheets(uow, meeting.id, by="tester", now=NOW)
            uow.commit()
        with store.unit_of_work() as uow:
            logged = uow.privacy_log.disclosures(DisclosureQuery(youth=meeting.cases[0].youth))
    disclosing = [s for s in sheets if s.discloses]
    assert [s.recipient.name for s in sheets] == ["Politie Amsterdam", "Het Lyceum"]
    assert [s.recipient.name for s in disclosing] == ["Politie Amsterdam"]
    assert logged == tuple(s.disclosure for s in disclosing)
    entry = logged[0]
    assert entry.fields
    assert {f.split(".")[0] for f in entry.fields} == {"CaseOnAgenda", "Referral"}
    assert entry.referrals == (meeting.cases[0].referral,)
    assert (entry.legal_basis, entry.rule) == (LegalBasis.WJSG, "case-consultation")
    assert (entry.recipient, entry.by, entry.at) == (sheets[0].recipient.id, "tester", NOW)


def test_the_table_for_a_case_is_who_it_was_discussed_with_else_attendees_else_members():
    network, meeting = _jco_network()
    forum = network.forums[0]
    police, school = forum.members
    case = meeting.cases[0]
    assert at_the_table(case, meeting, forum) == (police, school)
    assert at_the_table(attrs.evolve(case, discussed_with=(police,)), meeting, forum) == (police,)
    assert at_the_table(case, attrs.evolve(meeting, attendees=()), forum) == forum.members


def test_an_unknown_meeting_is_not_found_and_nothing_is_recorded():
    network, _ = _jco_network()
    with connect("memory://") as store, store.unit_of_work() as uow:
        uow.add_network(network)
        with pytest.raises(NotFound):
            prepare_information_sheets(uow, stable_id(MeetingId, "other"), by="tester", now=NOW)
        assert uow.privacy_log.disclosures() == ()


def test_a_meeting_called_off_gets_no_sheets_and_nothing_is_recorded():
    network, meeting = _jco_network()
    called_off = attrs.evolve(meeting, cancelled_on=dt.date(2026, 3, 1))
    with connect("memory://") as store, store.unit_of_work() as uow:
        uow.add_network(network.with_records([called_off]))
        with pytest.raises(InvalidValue, match="called off on 01-03-2026"):
            prepare_information_sheets(uow, meeting.id, by="tester", now=NOW)
        assert uow.privacy_log.disclosures() == ()


def test_log_entries_keep_their_moments_in_utc():
    amsterdam = dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMSTERDAM)  # the repeated hour
    network, meeting = _jco_network()
    with connect("memory://") as store, store.unit_of_work() as uow:
        uow.add_network(network)
        [sheet, *_] = prepare_information_sheets(uow, meeting.id, by="tester", now=amsterdam)
    assert sheet.disclosure is not None
    assert sheet.disclosure.at.tzinfo is dt.UTC
    # 02:30 the second time, in winter time (UTC+1); compared across zones, Python calls a
    # repeated hour unequal to everything (PEP 495), which is why the log keeps UTC.
    assert sheet.disclosure.at == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)
