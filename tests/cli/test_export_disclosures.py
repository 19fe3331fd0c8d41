"""``halt export``: the sharing policy decides, and what includes personal data is recorded."""

import json
from pathlib import Path

import pytest

from halt_adapters.storage._sql import SqlUnitOfWork
from halt_core import connect
from halt_core.privacy.log import Disclosure
from halt_core.privacy.policy import LegalBasis, Purpose
from halt_core.storage import UnitOfWork

from .conftest import Halt

SUBJECT_ACCESS = ("--personal-data", "include", "--purpose", "subject_access")


def disclosures(halt: Halt) -> tuple[Disclosure, ...]:
    with connect(halt.url) as store, store.unit_of_work() as uow:
        return uow.privacy_log.disclosures()


def youths_and_referrals(halt: Halt) -> tuple[set[str], set[str]]:
    with connect(halt.url) as store, store.unit_of_work() as uow:
        referrals = uow.referrals.all()
        cases = [case for meeting in uow.meetings.all() for case in meeting.cases]
    youths: set[str] = {r.youth for r in referrals} | {case.youth for case in cases}
    return youths, {str(r.id) for r in referrals}


def test_an_include_export_records_one_disclosure_of_what_went_out(
    halt: Halt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HALT_USER", "a.jansen")
    out = tmp_path / "inzage.json"
    result = halt("export", "--format", "json", "--out", str(out), *SUBJECT_ACCESS)
    assert result.exit_code == 0, result.output
    assert "Recorded the disclosure in the privacy log" in result.stderr
    (entry,) = disclosures(halt)
    youths, referrals = youths_and_referrals(halt)
    assert set(entry.youths) == youths
    assert {str(r) for r in entry.referrals} >= referrals
    assert {"Referral.youth", "Referral.offence", "CaseOnAgenda.youth"} <= set(entry.fields)
    assert not [f for f in entry.fields if f.startswith("Partner.")]  # not personal data
    assert entry.by == "a.jansen"
    assert entry.purpose is Purpose.SUBJECT_ACCESS
    assert entry.legal_basis is LegalBasis.SUBJECT_ACCESS
    assert entry.rule == "subject-access"
    assert entry.recipient is None
    assert entry.recipient_name == "inzage.json"
    assert entry.channel == "export json"
    document = json.loads(out.read_text(encoding="utf-8"))
    assert {r["youth"] for r in document["referrals"]} <= set(entry.youths)


@pytest.mark.parametrize(
    "args", [(), ("--personal-data", "omit"), ("--free-text", "scrub")], ids=str
)
def test_an_export_without_personal_data_as_stored_records_nothing(
    halt: Halt, tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = halt("export", "--format", "jsonl", "--out", str(tmp_path / "x.jsonl"), *args)
    assert result.exit_code == 0, result.output
    assert "Recorded" not in result.stderr
    assert disclosures(halt) == ()


def test_a_purpose_in_words_is_recorded_once_the_policy_has_one_for_it(
    halt: Halt, tmp_path: Path
) -> None:
    out = tmp_path / "moved.json"
    move = ("--personal-data", "include", "--purpose", "moving the store", "--free-text", "keep")
    result = halt("export", "--format", "json", "--out", str(out), *move)
    assert result.exit_code == 0, result.output
    recorded = disclosures(halt)
    assert len(recorded) == (1 if "OWN_USE" in Purpose.__members__ else 0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--purpose", "statistics"), "statistics needs no data about any one youth"),
        (("--purpose", "report_to_referrer"), "only the partner that referred the youth"),
        (("--purpose", "subject_access", "--recipient", "PARTNER"), "name both"),
    ],
    ids=["statistics", "referrer", "recipient"],
)
def test_what_the_policy_refuses_writes_and_records_nothing(
    halt: Halt, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    with connect(halt.url) as store, store.unit_of_work() as uow:
        partner = str(uow.partners.all()[0].id)
    args = tuple(partner if a == "PARTNER" else a for a in args)
    if "--recipient" in args:  # a recipient asks for a case consultation, which needs a forum
        args = ("--purpose", "case_consultation", *args[2:])
    out = tmp_path / "out.json"
    result = halt(
        "export", "--format", "json", "--out", str(out), "--personal-data", "include", *args
    )
    assert result.exit_code == 1, result.output
    assert "the sharing policy refuses including personal data" in result.stderr
    assert message in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["halt.sqlite3"]
    assert disclosures(halt) == ()


def test_an_unknown_recipient_is_refused(halt: Halt, tmp_path: Path) -> None:
    result = halt(
        "export",
        *("--format", "json", "--out", str(tmp_path / "x.json"), *SUBJECT_ACCESS),
        *("--recipient", "1b4e28ba-2fa1-11d2-883f-0016d3cca427"),
    )
    assert result.exit_code != 0
    assert "1b4e28ba-2fa1-11d2-883f-0016d3cca427" in result.stderr
    assert disclosures(halt) == ()


@pytest.mark.parametrize(
    ("format", "out", "message"),
    [
        ("json", "missing/x.json", "does not exist"),
        ("csv", "x.csv", "zip archive or a folder"),  # fails once the export has begun
    ],
)
def test_a_failed_export_records_nothing(
    halt: Halt, tmp_path: Path, format: str, out: str, message: str
) -> None:
    result = halt("export", "--format", format, "--out", str(tmp_path / out), *SUBJECT_ACCESS)
    assert result.exit_code != 0
    assert message in result.stderr
    assert disclosures(halt) == ()
    assert not (tmp_path / out).exists()


def test_a_store_that_keeps_no_privacy_log_refuses_before_writing(
    halt: Halt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SqlUnitOfWork, "_privacy_log", UnitOfWork._privacy_log)
    out = tmp_path / "x.json"
    result = halt("export", "--format", "json", "--out", str(out), *SUBJECT_ACCESS)
    assert result.exit_code == 1
    assert "keeps no privacy log" in result.stderr
    assert not out.exists()
    plain = halt("export", "--format", "json", "--out", str(out))  # pseudonymised: fine
    assert plain.exit_code == 0, plain.output


def test_an_output_removed_when_its_disclosure_cannot_be_recorded(
    halt: Halt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(SqlUnitOfWork, "commit", broken)
    out = tmp_path / "x.json"
    result = halt("export", "--format", "json", "--out", str(out), *SUBJECT_ACCESS)
    assert result.exit_code == 1
    assert "disk full" in result.stderr
    assert not out.exists()
    monkeypatch.undo()
    assert disclosures(halt) == ()
