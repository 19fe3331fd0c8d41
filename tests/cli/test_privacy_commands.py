"""``halt purge``, ``halt hold``, ``halt erase`` and ``halt subject-access`` on real stores."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

import halt_core
from halt_adapters.cli import _privacy, cli
from halt_core.model import CaseOnAgenda
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.policy import LegalBasis, Purpose
from halt_core.privacy.purging import statistics
from halt_core.storage import DisclosureQuery
from tests.cli.conftest import Halt

FAR = "2040-01-01"  # every referral and case of the demo is past its period by then


def discussed_youth(url: str) -> YouthPseudonym:
    """A youth of the store with a referral and a case on an agenda."""
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        referred = {r.youth for r in uow.referrals.all()}
        return next(c.youth for m in uow.meetings.all() for c in m.cases if c.youth in referred)


def held_counts(url: str) -> tuple[int, int, int]:
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        cases = sum(len(m.cases) for m in uow.meetings.all())
        return uow.referrals.count(), cases, len(uow.privacy_log.disclosures())


def test_a_dry_run_lists_what_expired_and_changes_nothing(halt: Halt) -> None:
    before = halt.snapshot()
    result = halt("purge", "--dry-run", "--today", FAR)
    assert result.exit_code == 0, result.output
    assert "dry run: nothing changed" in result.stdout
    assert "Would be removed" in result.stdout
    assert halt.snapshot() == before
    document = json.loads(halt("purge", "--dry-run", "--today", FAR, "--format", "json").stdout)
    assert document["dry_run"] is True
    assert document["kinds"]["referral"]["expired"] == held_counts(halt.url)[0]
    assert halt.snapshot() == before


def test_purge_removes_what_expired_keeps_what_a_hold_keeps_and_the_counts(halt: Halt) -> None:
    youth = discussed_youth(halt.url)
    assert halt("hold", youth, "--reason", "klacht 2026-14").exit_code == 0
    with halt_core.connect(halt.url) as store, store.unit_of_work() as uow:
        before = statistics(uow)
        own = sum(r.youth == youth for r in uow.referrals.all())
    result = halt("purge", "--today", FAR, "--batch-size", "7", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["kinds"]["referral"]["held"] == own
    assert document["counts_kept"]
    assert isinstance(document["events_forgotten"], int)
    with halt_core.connect(halt.url) as store, store.unit_of_work() as uow:
        assert {r.youth for r in uow.referrals.all()} == {youth}
        assert {c.youth for m in uow.meetings.all() for c in m.cases} == {youth}
        assert statistics(uow) == before
    again = halt("purge", "--today", FAR)
    assert again.exit_code == 0, again.output
    assert "Purged for 2040-01-01" in again.stdout
    assert "Counts kept for statistics" not in again.stdout  # nothing went the second time


def test_purge_refuses_a_bad_day(halt: Halt) -> None:
    result = halt("purge", "--today", "1 januari")
    assert result.exit_code == 2
    assert "not a date" in result.stderr


def test_a_hold_is_placed_listed_and_lifted(halt: Halt) -> None:
    youth = discussed_youth(halt.url)
    assert halt("hold", youth).exit_code == 2  # no reason
    placed = halt("hold", youth, "--reason", "rechtszaak")
    assert placed.exit_code == 0, placed.output
    listed = json.loads(halt("hold", "--list", "--format", "json").stdout)
    assert [(h["youth"], h["reason"]) for h in listed] == [(youth, "rechtszaak")]
    assert halt("hold", "--lift", youth).exit_code == 0
    lifted_again = halt("hold", "--lift", youth)
    assert lifted_again.exit_code == 2
    assert "not under a legal hold" in lifted_again.stderr
    assert "Legal holds (0)" in halt("hold", "--list").stdout


def test_a_name_is_refused_as_a_pseudonym_without_being_repeated(halt: Halt) -> None:
    for args in (
        ("hold", "Jan de Vries", "--reason", "x"),
        ("erase", "Jan de Vries", "--reason", "x", "--yes"),
    ):
        result = halt(*args)
        assert result.exit_code == 2
        assert "name-like" in result.stderr
        assert "Jan" not in result.stderr


def test_erase_needs_yes_when_no_one_can_confirm(halt: Halt) -> None:
    youth = discussed_youth(halt.url)
    before = halt.snapshot()
    result = halt("erase", youth, "--reason", "verzoek ouder")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert halt.snapshot() == before


def test_erase_asks_on_a_terminal(halt: Halt, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_privacy, "_interactive", lambda: True)
    youth = discussed_youth(halt.url)
    before = halt.snapshot()
    declined = halt("erase", youth, "--reason", "verzoek ouder", input="n\n")
    assert declined.exit_code == 1
    assert halt.snapshot() == before
    confirmed = halt("erase", youth, "--reason", "verzoek ouder", input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert f"Erase {youth}" in confirmed.stderr


def test_erase_leaves_only_the_erasure_and_the_log(halt: Halt) -> None:
    youth = discussed_youth(halt.url)
    assert halt("subject-access", youth, "--out", str(halt.store.parent / "a.txt")).exit_code == 0
    with halt_core.connect(halt.url) as store, store.unit_of_work() as uow:
        before = statistics(uow)
    result = halt("erase", youth, "--reason", "verzoek ouder 2026-11-02", "--yes")
    assert result.exit_code == 0, result.output
    assert f"Erased {youth}" in result.stdout
    with halt_core.connect(halt.url) as store, store.unit_of_work() as uow:
        assert all(r.youth != youth for r in uow.referrals.all())
        assert all(c.youth != youth for m in uow.meetings.all() for c in m.cases)
        (erasure,) = uow.privacy_log.erasures(youth)
        assert erasure.reason == "verzoek ouder 2026-11-02"
        assert erasure.referrals_removed >= 1
        said = " ".join(result.stdout.split())
        assert f"{erasure.events_forgotten} stored event(s) about them forgotten" in said
        assert len(uow.privacy_log.disclosures(DisclosureQuery(youth=youth))) == 1
        assert statistics(uow) == before


def test_erase_refuses_a_youth_under_a_hold(halt: Halt) -> None:
    youth = discussed_youth(halt.url)
    halt("hold", youth, "--reason", "klacht")
    before = halt.snapshot()
    result = halt("erase", youth, "--reason", "verzoek", "--yes")
    assert result.exit_code == 1
    assert f"halt hold --lift {youth}" in result.stderr
    assert halt.snapshot() == before


def test_subject_access_writes_the_file_and_records_that_it_went_out(halt: Halt) -> None:
    youth = discussed_youth(halt.url)
    page = halt.store.parent / f"{youth}.html"
    result = halt("subject-access", youth, "--out", str(page))
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert youth in html
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o600
    with halt_core.connect(halt.url) as store, store.unit_of_work() as uow:
        (disclosure,) = uow.privacy_log.disclosures(DisclosureQuery(youth=youth))
        own = {r.id for r in uow.referrals.all() if r.youth == youth}
    assert disclosure.purpose is Purpose.SUBJECT_ACCESS
    assert disclosure.legal_basis is LegalBasis.SUBJECT_ACCESS
    assert disclosure.recipient is None
    assert disclosure.recipient_name == "de jongere of een ouder"
    assert disclosure.youths == (youth,)
    assert set(disclosure.referrals) == own
    assert "Referral.offence" in disclosure.fields
    # the second document shows the first disclosure; text for any other name
    text = halt.store.parent / "inzage.txt"
    assert halt("subject-access", youth, "--out", str(text)).exit_code == 0
    written = " ".join(text.read_text(encoding="utf-8").split())
    assert "Aan: de jongere of een ouder" in written
    assert "<" not in written


def test_subject_access_does_not_overwrite_unless_forced(halt: Halt) -> None:
    youth = discussed_youth(halt.url)
    out = halt.store.parent / "inzage.txt"
    out.write_text("eerder", encoding="utf-8")
    refused = halt("subject-access", youth, "--out", str(out))
    assert refused.exit_code == 2
    assert "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "eerder"
    assert held_counts(halt.url)[2] == 0  # refused before anything was recorded
    assert halt("subject-access", youth, "--out", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("Wat Halt over je heeft vastgelegd")
    folder = halt("subject-access", youth, "--out", str(halt.store.parent))
    assert folder.exit_code == 2


def test_subject_access_of_an_unknown_youth_says_nothing_is_held(
    halt: Halt, tmp_path: Path
) -> None:
    out = tmp_path / "leeg.txt"
    result = halt("subject-access", "Y-0NB3K3ND", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Nothing is held" in result.stderr
    assert "niets over je vastgelegd" in out.read_text(encoding="utf-8")


def test_the_commands_work_on_postgresql(
    postgres_url: str, postgres_schema: str, tmp_path: Path
) -> None:
    url = f"{postgres_url}?schema={postgres_schema}"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--store", url, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    run("demo", "--size", "12")
    youth = discussed_youth(url)
    other = next(c.youth for c in _cases(url) if c.youth != youth)
    run("hold", other, "--reason", "klacht")
    run("subject-access", youth, "--out", str(tmp_path / "inzage.html"))
    run("erase", youth, "--reason", "verzoek", "--yes")
    document = json.loads(run("purge", "--today", FAR, "--format", "json"))
    assert document["kinds"]["case"]["removed"] > 0
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        assert {r.youth for r in uow.referrals.all()} <= {other}
        assert len(uow.privacy_log.erasures(youth)) == 1
        assert uow.privacy_log.counts()
        assert [h.youth for h in uow.privacy_log.holds()] == [other]


def _cases(url: str) -> list[CaseOnAgenda]:
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        return [c for m in uow.meetings.all() for c in m.cases]
