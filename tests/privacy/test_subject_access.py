"""Subject access: everything about one youth, every disclosure, and nothing of another."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from halt_core.errors import InvalidValue
from halt_core.ids import PartnerId
from halt_core.model import AgendaItem, CaseOnAgenda, ForumKind, Network
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy import _dutch
from halt_core.privacy.log import Disclosure, Erasure, LegalHold
from halt_core.privacy.policy import LegalBasis, Purpose, SharingPolicy
from halt_core.privacy.subject_access import (
    OTHER_YOUTH,
    SUBJECT,
    fields_shown,
    gather,
    read_subject_access,
    record_subject_access,
)
from halt_core.privacy.subject_access_document import as_html, as_text
from tests.privacy._records import NOW, POOL, Records, forum, meeting, records, referral

DISCLOSURE = Disclosure(
    at=NOW,
    by="medewerker",
    purpose=Purpose.STATISTICS,
    legal_basis=LegalBasis.NONE_NEEDED,
    rule="test",
    recipient=PartnerId(uuid.uuid4()),
    recipient_name="x",
    youths=(POOL[0],),
    fields=(),
    channel="information sheet",
)


@settings(max_examples=40)
@given(records(), st.sampled_from(POOL))
def test_the_report_holds_everything_about_the_youth_and_nothing_of_another(
    records: Records, youth: YouthPseudonym
) -> None:
    with records.store() as store, store.unit_of_work() as uow:
        report = read_subject_access(uow, youth, now=NOW)
    net = records.network
    own = [r for r in net.referrals if r.youth == youth]
    about = [d for d in records.disclosures if youth in d.youths]
    assert sorted(e.referral.id for e in report.referrals) == sorted(r.id for r in own)
    assert sorted(e.disclosure.id for e in report.disclosures) == sorted(d.id for d in about)
    on_agenda = {m.id for m in net.meetings if any(c.youth == youth for c in m.cases)}
    assert on_agenda <= {e.meeting for e in report.meetings}
    others = [y for y in POOL if y != youth]
    other_referrals = [str(r.id) for r in net.referrals if r.youth != youth]
    for written in (as_text(report), as_html(report)):
        document = " ".join(written.split())  # lines wrapped anywhere
        assert youth in document
        for r in own:
            assert str(r.id) in document
        for entry in report.disclosures:  # as stored: a moment in a DST gap is moved on
            assert _dutch.moment(entry.disclosure.at) in document
            assert _dutch.PURPOSE_WORDS[entry.disclosure.purpose] in document
        for other in others:
            assert other.lower() not in document.lower()
        for other_id in other_referrals:
            assert other_id not in document
    assert len(re.findall(r"^  Aan: ", as_text(report), re.MULTILINE)) == len(about)


def test_a_disclosure_is_shown_with_to_whom_when_why_basis_and_what() -> None:
    youth, other = POOL[0], POOL[1]
    entry = attrs.evolve(
        DISCLOSURE,
        youths=(youth, other),
        purpose=Purpose.CASE_CONSULTATION,
        legal_basis=LegalBasis.WJSG,
        recipient_name="Politie <Zaanstreek> & co",
        fields=("Referral.offence", "Referral.outcome"),
        at=dt.datetime(2026, 4, 3, 12, 5, tzinfo=dt.UTC),
    )
    report = gather(youth, made_at=NOW, disclosures=[entry])
    text, page = as_text(report), as_html(report)
    assert "Aan: Politie <Zaanstreek> & co" in text
    assert "Politie &lt;Zaanstreek&gt; &amp; co" in page
    assert "<Zaanstreek>" not in page
    for document in (text, page):
        assert "3 april 2026 om 14:05" in document
        assert "casusoverleg" in document
        assert "Wet justitiële en strafvorderlijke gegevens" in document
        assert "wat er gebeurd is (het soort feit)" in document
        assert "andere jongeren" in document
        assert other not in document
    assert report.disclosures[0].disclosure.youths == (youth,)


def test_agenda_items_show_the_youth_and_hide_other_youths() -> None:
    youth, other = POOL[0], POOL[1]
    jco = forum(ForumKind.JCO, "JCO <Zaanstreek>")
    met = meeting(
        jco,
        dt.date(2026, 3, 2),
        cases=(
            CaseOnAgenda(youth=youth, municipality="GM0479"),
            CaseOnAgenda(youth=other, municipality="GM0363"),
        ),
        agenda=(
            AgendaItem(title=f"Casus {youth} en {other.lower()}", notes="<b>spijbelt</b>"),
            AgendaItem(title=f"Casus {other}"),
            AgendaItem(title="Rondvraag"),
        ),
    )
    records = Records(network=Network(forums=(jco,), meetings=(met,)), disclosures=(), holds=())
    with records.store() as store, store.unit_of_work() as uow:
        report = read_subject_access(uow, youth, now=NOW)
    (entry,) = report.meetings
    assert entry.agenda == ((f"Casus {youth} en {OTHER_YOUTH}", "<b>spijbelt</b>"),)
    assert entry.municipalities == ("Zaanstad (GM0479)",)
    page, text = as_html(report), as_text(report)
    assert "&lt;b&gt;spijbelt&lt;/b&gt;" in page
    assert "<b>" not in page
    assert "JCO &lt;Zaanstreek&gt;" in page
    assert "Amsterdam (GM0363)" not in text
    assert other not in text


def test_the_page_loads_nothing_from_elsewhere() -> None:
    report = gather(POOL[0], made_at=NOW, referrals=[referral(POOL[0], dt.date(2025, 1, 1))])
    page = as_html(report)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in page
    for outside in ("<script", "<link", "<img", "src=", "href=", "url(", "@import", "http"):
        assert outside not in page


def test_an_empty_report_says_so_and_holds_and_erasures_are_shown() -> None:
    youth = POOL[3]
    assert "niets over je vastgelegd" in as_text(gather(youth, made_at=NOW))
    hold = LegalHold(youth=youth, reason="klacht 2026-4", placed_at=NOW, placed_by="fg")
    erasure = Erasure(youth=youth, at=NOW, by="fg", reason="verzoek ouder", referrals_removed=2)
    report = gather(
        youth,
        made_at=NOW,
        holds=[hold, attrs.evolve(hold, youth=POOL[0])],
        erasures=[erasure, attrs.evolve(erasure, youth=POOL[0])],
        referrals=[referral(youth, dt.date(2025, 1, 1), decided_on=dt.date(2025, 3, 1))],
    )
    assert report.holds == (hold,)
    assert report.erasures == (erasure,)
    text = as_text(report)
    assert "Blokkade" in text
    assert "klacht 2026-4" in text
    assert "zolang de blokkade duurt" in text
    assert "Verwijzingen verwijderd: 2" in text
    assert "positief, op 1 maart 2025; je deed 6 uur" in text


def test_giving_the_report_out_is_recorded_as_a_subject_access_disclosure() -> None:
    youth = POOL[0]
    own = referral(youth, dt.date(2025, 1, 1))
    records = Records(
        network=Network(referrals=(own, referral(POOL[1], dt.date(2025, 1, 1)))),
        disclosures=(),
        holds=(),
    )
    with records.store() as store:
        with store.unit_of_work() as uow:
            report = read_subject_access(uow, youth, now=NOW)
            made = record_subject_access(
                uow, report, by="fg", channel="subject access html", at=NOW
            )
        with store.unit_of_work() as uow:
            assert uow.privacy_log.disclosures() == (made,)
    assert made.purpose is Purpose.SUBJECT_ACCESS
    assert made.legal_basis is LegalBasis.SUBJECT_ACCESS
    assert made.rule == "subject-access"
    assert (made.recipient, made.recipient_name) == (None, SUBJECT)
    assert made.youths == (youth,)
    assert made.referrals == (own.id,)
    assert made.fields == fields_shown(report)
    assert "Referral.offence" in made.fields
    assert fields_shown(gather(youth, made_at=NOW)) == ("CaseOnAgenda.youth",)


def test_a_policy_cannot_refuse_a_youth_access() -> None:
    refusing = SharingPolicy(rules=())
    empty = Records(network=Network(), disclosures=(), holds=())
    with (
        empty.store() as store,
        store.unit_of_work() as uow,
        pytest.raises(InvalidValue, match="right of access"),
    ):
        record_subject_access(
            uow, gather(POOL[0], made_at=NOW), by="t", channel="x", at=NOW, policy=refusing
        )


def test_a_called_off_meeting_is_listed_but_nobody_discussed_the_youth_there() -> None:
    from halt_core.lifecycle.meetings import cancel_meeting

    youth = POOL[0]
    jco = forum(ForumKind.JCO, "JCO Zaanstreek")
    planned = meeting(
        jco, dt.date(2026, 3, 2), cases=(CaseOnAgenda(youth=youth, municipality="GM0479"),)
    )
    planned = attrs.evolve(planned, attendees=jco.members[:1])
    at = dt.datetime(2026, 2, 27, 12, 0, tzinfo=dt.UTC)
    called_off, _ = cancel_meeting(planned, version=1, reason="Ziekte", by="t", at=at)
    records = Records(
        network=Network(forums=(jco,), meetings=(called_off,)), disclosures=(), holds=()
    )
    with records.store() as store, store.unit_of_work() as uow:
        report = read_subject_access(uow, youth, now=NOW)
    (entry,) = report.meetings
    assert entry.cancelled_on == dt.date(2026, 2, 27)
    assert entry.discussed_with == ()
    text = " ".join(as_text(report).split())
    assert "Afgelast: op 27 februari 2026: dit overleg ging niet door" in text
    assert "je bent hier niet besproken" in text
