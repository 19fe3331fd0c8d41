import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest

from halt_adapters.cli import cli
from halt_core import connect
from halt_core.model import InterventionStatus
from halt_core.rules import default_rules
from tests._needs import graphviz

from .conftest import DEMO_PARTNERS, DEMO_SIZE, Halt


def one_line_error(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert lines[0].startswith("Error: ")
    return lines[0]


def refusal(text: str) -> tuple[str, list[str]]:
    """The one-line error of a refused import, and the problems listed under it."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0].startswith("Error: nothing was imported: "), text
    assert all(line.startswith("  - ") for line in lines[1:]), text
    return lines[0], [line.removeprefix("  - ") for line in lines[1:]]


def export_lines(halt: Halt, path: Path, *args: str) -> list[dict[str, Any]]:
    """Export ``halt``'s store as JSON Lines to ``path``; return its lines, parsed."""
    result = halt("export", "--format", "jsonl", "--out", str(path), *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_lines(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


MOVE = ("--personal-data", "include", "--purpose", "moving the store")


def stored(halt: Halt) -> dict[str, int]:
    with connect(halt.url) as store, store.unit_of_work() as uow:
        return {repo.kind.name: repo.count() for repo in uow.repositories()}


def first_id(halt: Halt, kind: str, **filters: str) -> str:
    args = [f"--{k}={v}" for k, v in filters.items()]
    result = halt(kind, "list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)[0]["id"])


# -- init and demo --------------------------------------------------------------------------


def test_init_creates_an_empty_store_and_says_where(empty: Halt) -> None:
    result = empty("init")
    assert result.exit_code == 0, result.output
    assert "Store ready at" in result.stdout
    assert "0 records" in result.stdout
    assert empty.store.exists()
    assert empty("init").exit_code == 0  # twice is fine


def test_demo_fills_checks_and_summarises_and_a_second_run_finds_it(empty: Halt) -> None:
    result = empty("demo", "--size", str(DEMO_SIZE))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"Demo network (seed 2024, size {DEMO_SIZE})" in out
    assert "Where Halt works, by arrondissement" in out
    assert f"{len(default_rules())} rules checked the network: no violations." in out
    assert stored(empty)["partners"] == DEMO_PARTNERS
    before = empty.snapshot()
    again = empty("demo", "--size", str(DEMO_SIZE))
    assert again.exit_code == 0
    assert "already holds this demo network" in again.stderr
    assert empty.snapshot() == before


def test_demo_refuses_a_store_holding_another_network(halt: Halt) -> None:
    before = halt.snapshot()
    result = halt("demo", "--seed", "7", "--size", str(DEMO_SIZE))
    assert result.exit_code == 2
    assert "already holds" in one_line_error(result.stderr)
    assert halt.snapshot() == before


def test_init_refuses_a_store_url_no_plugin_opens(tmp_path: Path) -> None:
    result = Halt(tmp_path / "x.sqlite3").runner.invoke(cli, ["--store", "nosuch:///x", "init"])
    assert result.exit_code == 2
    assert "the installed store schemes are" in one_line_error(result.stderr)


def test_demo_refuses_a_bad_size(empty: Halt) -> None:
    result = empty("demo", "--size", "zero")
    assert result.exit_code == 2
    assert not empty.store.exists()


def test_commands_on_a_missing_store_say_how_to_make_one(empty: Halt) -> None:
    result = empty("partners", "list")
    assert result.exit_code == 2
    assert "run 'halt init'" in one_line_error(result.stderr)
    assert not empty.store.exists()


# -- list and show --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "filters", "field", "value"),
    [
        ("partners", ["--kind", "school"], "kind", "school"),
        ("partners", ["--level", "national"], "level", "national"),
        ("forums", ["--role", "information_supplier"], "halt_role", "information_supplier"),
        ("collaborations", ["--status", "active"], "status", "active"),
        ("interventions", ["--status", "evaluated"], "status", "evaluated"),
        ("referrals", ["--offence", "shoplifting"], "offence", "shoplifting"),
    ],
)
def test_list_filters_and_prints_json(
    halt: Halt, kind: str, filters: list[str], field: str, value: str
) -> None:
    result = halt(kind, "list", "--format", "json", *filters)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found
    assert all(document[field] == value for document in found)


def test_list_by_arrondissement_and_period_keeps_only_what_lies_there(halt: Halt) -> None:
    result = halt(
        "interventions",
        "list",
        "--format",
        "json",
        "--arrondissement",
        "amsterdam",
        "--from",
        "2026-09-01",
        "--to",
        "2026-12-31",
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    everything = json.loads(halt("interventions", "list", "--format", "json").stdout)
    assert 0 < len(found) < len(everything)
    # Even the small demo network has work in every arrondissement; each keeps its own.
    elsewhere = halt("interventions", "list", "--format", "json", "--arrondissement", "Limburg")
    limburg = {document["id"] for document in json.loads(elsewhere.stdout)}
    assert limburg
    assert not limburg & {document["id"] for document in found}


def test_list_of_referrals_leaves_out_the_youth(halt: Halt) -> None:
    found = json.loads(halt("referrals", "list", "--format", "json").stdout)
    assert found
    assert all("youth" not in document for document in found)


def test_list_prints_a_table_by_default(halt: Halt) -> None:
    result = halt("partners", "list", "--municipality", "Amsterdam")
    assert result.exit_code == 0, result.output
    assert "Partners (" in result.stdout
    assert "Amsterdam" in result.stdout


def test_show_prints_the_whole_record(halt: Halt) -> None:
    partner = first_id(halt, "partners")
    result = halt("partners", "show", partner, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == partner
    table = halt("partners", "show", partner)
    assert "contact_points" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["partners", "show", "not-an-id"], "is not a valid partner id"),
        (["forums", "show", "1b4e28ba-2fa1-11d2-883f-0016d3cca427"], "no forum"),
        (["interventions", "list", "--from", "1 sept"], "is not a date"),
        (["interventions", "list", "--from", "2026-02-01", "--to", "2026-01-01"], "lies before"),
        (["partners", "list", "--arrondissement", "Atlantis"], "is not an arrondissement"),
        (["partners", "list", "--municipality", "Atlantis"], "Atlantis"),
        (
            ["partners", "list", "--municipality", "Amsterdam", "--arrondissement", "Rotterdam"],
            "not both",
        ),
    ],
)
def test_bad_input_to_list_and_show_is_one_line_and_exit_2(
    halt: Halt, args: list[str], message: str
) -> None:
    before = halt.snapshot()
    result = halt(*args)
    assert result.exit_code == 2
    assert message in one_line_error(result.stderr)
    assert halt.snapshot() == before


def test_a_bad_choice_is_a_usage_error(halt: Halt) -> None:
    result = halt("partners", "list", "--kind", "bakery")
    assert result.exit_code == 2
    assert "bakery" in result.stderr


# -- network and check ----------------------------------------------------------------------


def test_network_shows_partners_at_each_level_with_their_forums(halt: Halt) -> None:
    result = halt("network", "--arrondissement", "Amsterdam")
    assert result.exit_code == 0, result.output
    assert "Halt's network in arrondissement Amsterdam" in result.stdout
    assert "Through" in result.stdout
    found = json.loads(halt("network", "--arrondissement", "Amsterdam", "--format", "json").stdout)
    assert {p["level"] for p in found} >= {"regional", "local"}
    assert any(p["forums"] for p in found)
    assert any(p["collaborations"] for p in found)


def test_network_of_an_unknown_arrondissement_is_refused(halt: Halt) -> None:
    result = halt("network", "--arrondissement", "Atlantis")
    assert result.exit_code == 2
    assert "Amsterdam, Den Haag" in one_line_error(result.stderr)


def test_check_passes_on_the_demo_and_prints_json(halt: Halt) -> None:
    result = halt("check", "--at", "2026-09-01 12:00")
    assert result.exit_code == 0, result.output
    assert "no violations" in result.stdout
    as_json = halt("check", "--at", "2026-09-01 12:00", "--format", "json")
    assert json.loads(as_json.stdout) == []


def test_check_reports_errors_in_dutch_with_exit_code_1(halt: Halt) -> None:
    # Move a scheduled intervention of one session into a state the rules object to:
    # delivered although its session still lies ahead.
    with sqlite3.connect(halt.store) as connection:
        rows = connection.execute(
            "SELECT document FROM interventions WHERE status = 'scheduled'"
        ).fetchall()
    data = next(d for d in (json.loads(row[0]) for row in rows) if len(d["sessions"]) == 1)
    with connect(halt.url) as store, store.unit_of_work() as uow:
        intervention = uow.interventions.get(data["id"])
        import attrs

        uow.interventions.save(attrs.evolve(intervention, status=InterventionStatus.DELIVERED))
        uow.commit()
    result = halt("check", "--at", "2026-09-01 12:00", "--lang", "nl")
    assert result.exit_code == 1
    assert "regels controleerden het netwerk: 1 overtreding(en)" in result.stdout
    assert "FOUT (1)" in result.stdout
    assert "is uitgevoerd" in result.stdout
    violations = json.loads(halt("check", "--at", "2026-09-01 12:00", "--format", "json").stdout)
    assert violations
    first = violations[0]
    assert set(first) >= {
        "rule_id",
        "severity",
        "subject",
        "subject_id",
        "message_en",
        "message_nl",
    }
    assert first["subject_id"] == data["id"]


def test_check_refuses_a_bad_moment(halt: Halt) -> None:
    result = halt("check", "--at", "yesterday")
    assert result.exit_code == 2
    assert "is not a date and time" in one_line_error(result.stderr)


# -- export and import ----------------------------------------------------------------------


def test_export_writes_every_format(halt: Halt, tmp_path: Path) -> None:
    graphviz()  # for svg and png
    for name, out in [
        ("csv", "network.zip"),
        ("json", "network.json"),
        ("jsonl", "network.jsonl"),
        ("xlsx", "network.xlsx"),
        ("ics", "network.ics"),
        ("dot", "network.gv"),
        ("mermaid", "network.mmd"),
        ("svg", "network.svg"),
        ("png", "network.png"),
    ]:
        result = halt("export", "--format", name, "--out", str(tmp_path / out))
        assert result.exit_code == 0, (name, result.output)
        assert (tmp_path / out).stat().st_size > 0
        assert "pseudonymised" in result.stderr
    with zipfile.ZipFile(tmp_path / "network.zip") as archive:
        rows = list(csv.DictReader(io.TextIOWrapper(archive.open("partners.csv"), "utf-8")))
    assert len(rows) == DEMO_PARTNERS


def test_export_csv_to_a_folder_with_settings(halt: Halt, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    out.mkdir()
    result = halt(
        "export", "--format", "csv", "--out", str(out), "--set", "delimiter=;", "--kind", "forums"
    )
    assert result.exit_code == 0, result.output
    header = (out / "forums.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id;name;kind")


def test_export_csv_neutralises_formulas_unless_told_not_to(halt: Halt, tmp_path: Path) -> None:
    with connect(halt.url) as store, store.unit_of_work() as uow:
        partner = uow.partners.all()[0]
        uow.partners.save(attrs.evolve(partner, name="=1+1", notes="@SUM(A1)"))
    for setting, expected in (
        ((), ("'=1+1", "'@SUM(A1)")),
        (
            ("--set", "neutralise_formulas=false"),
            ("=1+1", "@SUM(A1)"),
        ),
    ):
        result = halt(
            "export",
            *("--format", "csv", "--kind", "partners", "--out", "-", *setting),
            # notes are free text, left out unless kept (which needs a purpose)
            *("--personal-data", "include", "--purpose", "test", "--free-text", "keep"),
        )
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        row = next(r for r in rows if r["id"] == str(partner.id))
        assert (row["name"], row["notes"]) == expected


def test_export_to_stdout(halt: Halt) -> None:
    result = halt("export", "--format", "jsonl", "--out", "-", "--kind", "partners")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == DEMO_PARTNERS + 1
    assert json.loads(lines[0])["schema_version"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx"], "the installed formats are"),
        (["--format", "csv", "--set", "colour=red"], "colour"),
        (["--format", "csv", "--set", "novalue"], "KEY=VALUE"),
        (["--format", "json", "--personal-data", "include"], "needs a purpose"),
        (["--format", "csv"], "export to a .zip archive or a folder"),
    ],
)
def test_bad_export_requests_leave_no_file(
    halt: Halt, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out.file"
    result = halt("export", "--out", str(out), *args)
    assert result.exit_code in (1, 2)
    assert message in one_line_error(result.stderr)
    assert list(tmp_path.iterdir()) == [tmp_path / "halt.sqlite3"] or not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.file")]


def test_export_then_import_into_an_empty_store_round_trips(
    halt: Halt, empty: Halt, tmp_path: Path
) -> None:
    for suffix in ("json", "jsonl"):
        out = tmp_path / f"network.{suffix}"
        exported = halt(
            "export",
            "--format",
            suffix,
            "--out",
            str(out),
            "--personal-data",
            "include",
            "--purpose",
            "moving the store",
            "--free-text",
            "keep",
        )
        assert exported.exit_code == 0, exported.output
        target = Halt(tmp_path / f"copy-{suffix}.sqlite3")
        result = target("import", str(out))
        assert result.exit_code == 0, result.output
        assert f"{DEMO_PARTNERS} partners" in result.stdout
        with (
            connect(halt.url) as a,
            connect(target.url) as b,
            a.unit_of_work() as left,
            b.unit_of_work() as right,
        ):
            assert left.load_network() == right.load_network()


def test_import_of_a_bad_record_names_the_line_and_stores_nothing(
    halt: Halt, tmp_path: Path
) -> None:
    out = tmp_path / "partners.jsonl"
    exported = halt(
        "export",
        "--format",
        "jsonl",
        "--out",
        str(out),
        "--kind",
        "partners",
        "--personal-data",
        "omit",
    )
    assert exported.exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[5])
    broken["record"]["name"] = ""
    lines[5] = json.dumps(broken)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = Halt(tmp_path / "target.sqlite3")
    target("init")
    before = target.snapshot()
    result = target("import", str(out))
    assert result.exit_code == 2
    error = one_line_error(result.stderr)
    assert "line 6" in error
    assert "name" in error
    assert target.snapshot() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("not json at all", "x.jsonl", "line 1"),
        ('{"schema_version": 99, "export": {}}\n', "x.jsonl", "99"),
        ("{}", "x.csv", "reads .json and .jsonl"),
    ],
)
def test_import_refuses_bad_files(
    halt: Halt, tmp_path: Path, content: str, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = halt.snapshot()
    result = halt("import", str(path))
    assert result.exit_code == 2
    assert message in one_line_error(result.stderr)
    assert halt.snapshot() == before


def test_import_of_records_already_stored_adds_nothing(halt: Halt, tmp_path: Path) -> None:
    out = tmp_path / "forums.json"
    exported = halt("export", "--format", "json", "--out", str(out), "--kind", "forums")
    assert exported.exit_code == 0
    before = halt.snapshot()
    result = halt("import", str(out), "--accept-pseudonymised")
    assert result.exit_code == 2
    headline, problems = refusal(result.stderr)
    assert f"forums.json has {stored(halt)['forums']} problems" in headline
    assert problems[0].startswith("$.forums[0]: forum '")
    assert "is in the store already; an import only adds new records" in problems[0]
    assert "save()" not in result.stderr  # no Python names for people at a terminal
    assert halt.snapshot() == before


def test_import_of_a_pseudonymised_export_needs_consent(halt: Halt, tmp_path: Path) -> None:
    partners = tmp_path / "partners.jsonl"
    export_lines(halt, partners, "--kind", "partners", "--personal-data", "omit")
    out = tmp_path / "referrals.jsonl"
    assert (
        halt("export", "--format", "jsonl", "--out", str(out), "--kind", "referrals").exit_code == 0
    )
    target = Halt(tmp_path / "target.sqlite3")
    assert target("import", str(partners)).exit_code == 0
    refused = target("import", str(out))
    assert refused.exit_code == 2
    assert "--accept-pseudonymised" in one_line_error(refused.stderr)
    assert stored(target)["referrals"] == 0
    accepted = target("import", str(out), "--accept-pseudonymised")
    assert accepted.exit_code == 0, accepted.output
    youths = json.loads(
        target("referrals", "show", first_id(target, "referrals"), "--format", "json").stdout
    )
    assert youths["youth"].startswith("X-")


def test_one_record_is_counted_in_the_singular(halt: Halt, tmp_path: Path) -> None:
    """ "Imported 1 partner", "Wrote 1 partner": a count agrees with its noun."""
    lines = export_lines(halt, tmp_path / "partners.jsonl", "--kind", "partners")
    one = write_lines(tmp_path / "one.jsonl", lines[:2])
    target = Halt(tmp_path / "one.sqlite3")
    result = target("import", str(one))
    assert result.exit_code == 0, result.output
    assert "Imported 1 partner from" in result.stdout
    written = target("export", "--format", "jsonl", "--out", str(tmp_path / "again.jsonl"))
    assert written.exit_code == 0, written.output
    assert "1 partner" in written.stderr
    assert "1 partners" not in written.stderr


def test_import_of_a_missing_file_is_a_usage_error(halt: Halt, tmp_path: Path) -> None:
    result = halt("import", str(tmp_path / "missing.json"))
    assert result.exit_code == 2
    assert "No such file" in one_line_error(result.stderr)
    result = halt("import", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder" in one_line_error(result.stderr)


def test_import_reads_standard_input_and_a_byte_order_mark(halt: Halt, tmp_path: Path) -> None:
    for kinds, suffix in ((), "json"), (("--kind", "partners"), "jsonl"):
        exported = halt("export", "--format", suffix, "--out", "-", *kinds, *MOVE)
        assert exported.exit_code == 0
        target = Halt(tmp_path / f"from-stdin-{suffix}.sqlite3")
        result = target("import", "-", input="\ufeff" + exported.stdout)
        assert result.exit_code == 0, result.output
        assert f"Imported {DEMO_PARTNERS} partners" in result.stdout
        assert result.stdout.rstrip().endswith("from standard input.")


def test_import_of_records_referring_to_absent_ones_is_refused(halt: Halt, tmp_path: Path) -> None:
    out = tmp_path / "forums.jsonl"
    lines = export_lines(halt, out, "--kind", "forums")
    target = Halt(tmp_path / "forums-only.sqlite3")
    assert target("init").exit_code == 0
    before = target.snapshot()
    result = target("import", str(out))
    assert result.exit_code == 2
    headline, problems = refusal(result.stderr)
    # One problem per absent record, at the first line referring to it.
    records = [line["record"] for line in lines[1:]]
    absent = {p for r in records for p in r["members"]} | {r["collaboration"] for r in records}
    assert f"forums.jsonl has {len(absent - {None})} problems" in headline
    first = records[0]
    assert problems[0].startswith(f"line 2: forum {first['name']!r} ({first['id']}): its member")
    assert "which is neither in forums.jsonl nor in the store" in problems[0]
    assert any("(and referred to " in problem for problem in problems)
    assert target.snapshot() == before
    # With the partners and collaborations in the store, the same file is imported.
    rest = tmp_path / "rest.jsonl"
    export_lines(halt, rest, "--kind", "partners", "--kind", "collaborations")
    assert target("import", str(rest)).exit_code == 0
    again = target("import", str(out))
    assert again.exit_code == 0, again.output
    assert f"Imported {len(lines) - 1} forums" in again.stdout


def test_import_of_records_in_places_the_division_lacks_is_refused(
    halt: Halt, tmp_path: Path
) -> None:
    lines = export_lines(halt, tmp_path / "all.jsonl", *MOVE)
    partner = next(i for i, line in enumerate(lines) if line.get("kind") == "partners")
    lines[partner]["record"]["area"] = {"kind": "municipality", "codes": ["GM9999"]}
    referral = next(i for i, line in enumerate(lines) if line.get("kind") == "referrals")
    lines[referral]["record"]["municipality"] = "GM9998"
    forum = next(i for i, line in enumerate(lines) if line.get("kind") == "forums")
    lines[forum]["record"]["area"] = {"kind": "safety_region", "codes": ["VR99"]}
    path = write_lines(tmp_path / "places.jsonl", lines)
    target = Halt(tmp_path / "target.sqlite3")
    result = target("import", str(path))
    assert result.exit_code == 2
    headline, problems = refusal(result.stderr)
    assert "places.jsonl has 3 problems" in headline
    assert problems[0].startswith(f"line {partner + 1}: partner ")
    assert "municipality GM9999, which the 2024 municipal division does not have" in problems[0]
    assert problems[1].startswith(f"line {forum + 1}: forum ")
    assert "safety region VR99, which does not exist" in problems[1]
    assert problems[2].startswith(f"line {referral + 1}: referral ")
    assert "its municipality is municipality GM9998" in problems[2]
    assert not any(stored(target).values())


def test_an_id_given_twice_in_one_file_is_refused_naming_both_places(
    halt: Halt, tmp_path: Path
) -> None:
    lines = export_lines(halt, tmp_path / "partners.jsonl", "--kind", "partners")
    lines.append(lines[3])
    path = write_lines(tmp_path / "twice.jsonl", lines)
    result = Halt(tmp_path / "target.sqlite3")("import", str(path))
    assert result.exit_code == 2
    _, problems = refusal(result.stderr)
    record = lines[3]["record"]
    assert problems == [
        f"line {len(lines)}: partner {record['name']!r} ({record['id']}) is given twice in "
        f"twice.jsonl, at lines 4 and {len(lines)}; give each record once"
    ]
    json_path = tmp_path / "twice.json"
    exported = halt("export", "--format", "json", "--out", str(json_path), "--kind", "partners")
    assert exported.exit_code == 0
    document = json.loads(json_path.read_text(encoding="utf-8"))
    document["partners"].append(document["partners"][0])
    json_path.write_text(json.dumps(document), encoding="utf-8")
    result = Halt(tmp_path / "target.sqlite3")("import", str(json_path))
    assert result.exit_code == 2
    _, problems = refusal(result.stderr)
    assert len(problems) == 1
    assert f"at $.partners[0] and $.partners[{DEMO_PARTNERS}]" in problems[0]


def test_a_refused_import_lists_twenty_problems_and_counts_the_rest(
    halt: Halt, tmp_path: Path
) -> None:
    lines = export_lines(halt, tmp_path / "partners.jsonl", "--kind", "partners")
    for line in lines[1:]:
        line["record"]["area"] = {"kind": "municipality", "codes": ["GM9999"]}
    path = write_lines(tmp_path / "bad.jsonl", lines)
    result = Halt(tmp_path / "target.sqlite3")("import", str(path))
    headline, problems = refusal(result.stderr)
    assert f"bad.jsonl has {DEMO_PARTNERS} problems" in headline
    assert len(problems) == 21
    assert problems[-1] == f"... and {DEMO_PARTNERS - 20} more"


def test_rule_errors_refuse_an_import_unless_allowed(halt: Halt, tmp_path: Path) -> None:
    lines = export_lines(halt, tmp_path / "all.jsonl", *MOVE)
    referral = next(i for i, line in enumerate(lines) if line.get("kind") == "referrals")
    lines[referral]["record"]["age_at_offence"] = 25
    path = write_lines(tmp_path / "old.jsonl", lines)
    target = Halt(tmp_path / "target.sqlite3")
    refused = target("import", str(path))
    assert refused.exit_code == 2
    _, problems = refusal(refused.stderr)
    assert problems == [
        f"line {referral + 1}: HC-REFERRAL-003: Youth {lines[referral]['record']['youth']} was 25 "
        "at the offence; Halt handles youths of 12 to 17."
    ]
    assert not any(stored(target).values())
    allowed = target("import", str(path), "--allow-rule-errors")
    assert allowed.exit_code == 0, allowed.output
    assert f"Imported {DEMO_PARTNERS} partners" in allowed.stdout
    assert "Let through 1 rule error(s)" in allowed.stderr
    assert f"  - line {referral + 1}: HC-REFERRAL-003: Youth" in allowed.stderr
    assert target("check").exit_code == 1


def test_allow_rule_errors_still_refuses_absent_references(halt: Halt, tmp_path: Path) -> None:
    lines = export_lines(halt, tmp_path / "referrals.jsonl", "--kind", "referrals", *MOVE)
    result = Halt(tmp_path / "target.sqlite3")(
        "import", str(tmp_path / "referrals.jsonl"), "--allow-rule-errors"
    )
    assert result.exit_code == 2
    _, problems = refusal(result.stderr)
    first = lines[1]["record"]["referrer"]
    others = sum(line["record"]["referrer"] == first for line in lines[2:])
    assert f"its referrer is partner {first}" in problems[0]
    times = "time" if others == 1 else "times"
    assert f"(and referred to {others} more {times})" in problems[0]


def test_import_of_a_file_without_records_is_refused(halt: Halt, tmp_path: Path) -> None:
    path = tmp_path / "widgets.json"
    path.write_text('{"schema_version": 1, "export": {}, "widgets": [{}]}', encoding="utf-8")
    result = halt("import", str(path))
    assert result.exit_code == 2
    assert "holds no records" in one_line_error(result.stderr)


# -- plan and advance -----------------------------------------------------------------------


def test_an_intervention_goes_all_the_way_through_its_lifecycle(halt: Halt) -> None:
    requested = first_id(halt, "interventions", status="requested")
    steps = [
        ["advance", requested, "intake", "--at", "2026-09-02 10:00"],
        ["advance", requested, "agree", "--from", "2026-10-01", "--to", "2026-12-20"],
        [
            "plan",
            requested,
            "--session",
            "2026-10-05 09:00-10:30 @ Het Lyceum, lokaal 12",
            "--trainer",
            "Anouk",
        ],
        ["plan", requested, "--session", "2026-10-06 09:00-10:30 @ Het Lyceum, aula"],
        ["advance", requested, "deliver", "--at", "2026-10-07 09:00"],
        ["advance", requested, "evaluate", "--summary", "Goed ontvangen", "--reached", "28"],
    ]
    for args in steps:
        result = halt(*args, "--by", "tester")
        assert result.exit_code == 0, (args, result.output)
    shown = json.loads(halt("interventions", "show", requested, "--format", "json").stdout)
    assert shown["status"] == "evaluated"
    assert shown["sessions"][0]["location"] == "Het Lyceum, aula"
    assert shown["evaluation"]["reached"] == 28
    with sqlite3.connect(halt.store) as connection:
        events = connection.execute(
            "SELECT type FROM events WHERE subject = ? ORDER BY seq", (requested,)
        ).fetchall()
    assert [t for (t,) in events][-6:] == [
        "nl.halt.intervention.intake_started",
        "nl.halt.intervention.agreed",
        "nl.halt.intervention.scheduled",
        "nl.halt.intervention.rescheduled",
        "nl.halt.intervention.delivered",
        "nl.halt.intervention.evaluated",
    ]


def test_if_version_changes_only_what_was_seen(halt: Halt) -> None:
    requested = first_id(halt, "interventions", status="requested")
    shown = json.loads(halt("interventions", "show", requested, "--format", "json").stdout)
    assert shown["version"] == 1
    table = halt("interventions", "show", requested).stdout
    assert f"Intervention {requested} (version 1)" in " ".join(table.split())
    done = halt("advance", requested, "intake", "--if-version", "1", "--by", "tester")
    assert done.exit_code == 0, done.output
    assert "now version 2" in done.stdout
    # A second person acting on what they saw before: refused, nothing changed.
    stale = halt("advance", requested, "decline", "--reason", "vol", "--if-version", "1")
    assert stale.exit_code == 1
    message = one_line_error(stale.stderr)
    assert "expected version 1, the store now holds version 2" in message
    stale_plan = halt(
        "plan", requested, "--session", "2026-10-05 09:00-10:30 @ x", "--if-version", "1"
    )
    assert stale_plan.exit_code == 1
    again = json.loads(halt("interventions", "show", requested, "--format", "json").stdout)
    assert (again["version"], again["status"]) == (2, "intake")
    assert halt("advance", requested, "intake", "--if-version", "0").exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["advance", "{id}", "deliver"], "requested"),
        (["advance", "{id}", "agree", "--from", "2026-10-01"], "needs --to DATE"),
        (["advance", "{id}", "decline"], "needs --reason TEXT"),
        (["plan", "{id}", "--session", "tomorrow at nine"], "write a session as"),
        (["plan", "{id}", "--session", "2026-10-05 25:00-26:00 @ x"], "the times must be"),
        (["plan", "{id}", "--session", "2026-10-05 09:00-10:00 @ x"], "requested"),
        (["advance", "not-an-id", "intake"], "is not a valid intervention id"),
        (["advance", "{id}", "intake", "--at", "noon"], "is not a date and time"),
        (["advance", "{id}", "intake", "--at", "2099-01-01 09:00"], "lies in the future"),
        (["plan", "{id}", "--session", "2026-03-29 02:30-02:50 @ x"], "does not exist in the"),
        (["plan", "{id}", "--session", "2026-10-25 02:30-03:30 @ x"], "happens twice in the"),
        (["plan", "{id}", "--session", "2026-10-05 10:00-09:00 @ x"], "ends (09:00) before"),
    ],
)
def test_refused_steps_are_one_line_and_change_nothing(
    halt: Halt, args: list[str], message: str
) -> None:
    requested = first_id(halt, "interventions", status="requested")
    before = halt.snapshot()
    result = halt(*(a.format(id=requested) for a in args))
    assert result.exit_code == 2
    assert message in one_line_error(result.stderr)
    assert halt.snapshot() == before


def test_an_evaluation_cannot_be_dated_after_it_is_recorded(halt: Halt) -> None:
    scheduled = first_id(halt, "interventions", status="delivered")
    before = halt.snapshot()
    result = halt(
        "advance", scheduled, "evaluate", "--summary", "ok", "--on", "2026-12-01",
        "--at", "2026-11-20 10:00",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "cannot be after the step is recorded" in one_line_error(result.stderr)
    assert halt.snapshot() == before


def test_export_into_a_folder_holding_files_is_refused(halt: Halt, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert halt("export", "--format", "csv", "--out", str(out), "--kind", "referrals",
                "--personal-data", "include", "--purpose", "audit").exit_code == 0  # fmt: skip
    result = halt("export", "--format", "csv", "--out", str(out), "--personal-data", "omit")
    assert result.exit_code == 2
    assert "the folder is not empty" in one_line_error(result.stderr)
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "referrals.csv"]


def test_export_to_a_new_folder_without_a_slash_names_the_files(halt: Halt, tmp_path: Path) -> None:
    result = halt("export", "--format", "json", "--out", str(tmp_path / "new"), "--kind", "forums")
    assert result.exit_code == 0, result.output
    assert f"to {tmp_path / 'new' / 'network.json'} (json)" in result.stderr


def test_a_relative_sqlite_url_finds_the_store_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    relative = Halt(tmp_path / "rel.sqlite3")
    relative.url = "sqlite:///rel.sqlite3"
    assert relative("init").exit_code == 0
    result = relative("partners", "list")
    assert result.exit_code == 0, result.output


def test_an_empty_store_url_is_refused(halt: Halt) -> None:
    result = halt.runner.invoke(cli, ["--store", "", "partners", "list"])
    assert result.exit_code == 2
    assert "is empty" in one_line_error(result.stderr)


def test_usage_errors_are_one_line_too(halt: Halt) -> None:
    result = halt("check", "--lang", "de")
    assert result.exit_code == 2
    assert "(see 'halt check --help')" in one_line_error(result.stderr)


# -- plugins and the command itself ---------------------------------------------------------


def test_plugins_lists_plugins_hooks_formats_and_schemes(halt: Halt) -> None:
    result = halt("plugins")
    assert result.exit_code == 0, result.output
    for expected in ("sqlite", "halt_open_store", "export-csv", "xlsx", "sqlite://"):
        assert expected in result.stdout


def test_every_command_has_help(halt: Halt) -> None:
    names = list(cli.commands)
    assert {"init", "demo", "check", "network", "import", "export", "plan", "advance"} <= set(names)
    for name in names:
        assert halt(name, "--help").exit_code == 0
    for kind in ("partners", "forums", "collaborations", "interventions", "referrals"):
        for command in ("list", "show"):
            result = halt(kind, command, "--help")
            assert result.exit_code == 0
            assert "--format" in result.stdout


def test_debug_shows_the_traceback(halt: Halt) -> None:
    result = halt("--debug", "forums", "show", "1b4e28ba-2fa1-11d2-883f-0016d3cca427")
    assert result.exit_code == 2
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.splitlines()[-1].startswith("halt_core.errors.NotFound: no forum ")
    assert "Error:" not in result.stderr
