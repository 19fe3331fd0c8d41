"""``halt --lang nl``: errors and reports in Dutch, from the library's own Dutch messages."""

from pathlib import Path

import click
import pytest

from halt_adapters.cli import cli

from .conftest import Halt


def error_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines, text
    return lines[0]


def test_a_library_error_is_shown_in_dutch(tmp_path: Path) -> None:
    result = Halt(tmp_path / "x.sqlite3").runner.invoke(
        cli, ["--lang", "nl", "--store", "nosuch:///x", "init"]
    )
    assert result.exit_code == 2
    line = error_line(result.stderr)
    assert line.startswith("Fout: geen geïnstalleerde plugin opent 'nosuch:///x'"), line
    assert "Controleer de URL" in line


def test_halt_lang_in_the_environment_does_the_same(tmp_path: Path) -> None:
    result = Halt(tmp_path / "x.sqlite3").runner.invoke(
        cli, ["--store", "nosuch:///x", "init"], env={"HALT_LANG": "nl"}
    )
    assert error_line(result.stderr).startswith("Fout: geen geïnstalleerde plugin opent")


def test_english_stays_the_default(tmp_path: Path) -> None:
    result = Halt(tmp_path / "x.sqlite3").runner.invoke(cli, ["--store", "nosuch:///x", "init"])
    assert error_line(result.stderr).startswith("Error: no installed plugin opens")


def test_a_command_error_is_shown_in_dutch(empty: Halt) -> None:
    result = empty("--lang", "nl", "partners", "list")
    assert result.exit_code == 2
    line = error_line(result.stderr)
    assert line.startswith("Fout: er is nog geen opslag op "), line
    assert "halt init" in line


def test_an_empty_store_option_is_refused_in_dutch(tmp_path: Path) -> None:
    result = Halt(tmp_path / "x.sqlite3").runner.invoke(
        cli, ["--lang", "nl", "--store", " ", "partners", "list"]
    )
    assert result.exit_code == 2
    assert error_line(result.stderr).startswith("Fout: --store (of HALT_STORE_URL) is leeg")


def test_a_refused_import_lists_its_problems_in_dutch(halt: Halt, tmp_path: Path) -> None:
    out = tmp_path / "forums.jsonl"
    assert halt("export", "--format", "jsonl", "--out", str(out), "--kind", "forums").exit_code == 0
    target = Halt(tmp_path / "forums-only.sqlite3")
    assert target("init").exit_code == 0
    result = target("--lang", "nl", "import", str(out))
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("Fout: er is niets geïmporteerd: forums.jsonl heeft "), lines
    assert len(lines) > 1
    assert all(line.startswith("  - ") for line in lines[1:]), lines
    assert lines[1].startswith("  - line 2: overleg "), lines[1]
    assert "which is neither" not in result.stderr


def test_check_reports_in_the_language_of_the_run(halt: Halt) -> None:
    dutch = halt("--lang", "nl", "check")
    english = halt("--lang", "nl", "check", "--lang", "en")
    assert dutch.stdout != english.stdout
    assert dutch.stdout == halt("check", "--lang", "nl").stdout


@pytest.mark.parametrize("language", ["de", "NL", ""])
def test_another_language_is_a_usage_error(empty: Halt, language: str) -> None:
    result = empty("--lang", language, "partners", "list")
    assert result.exit_code == 2
    assert "--lang" in result.stderr


def test_an_interrupted_command_says_so_in_the_runs_language(tmp_path: Path) -> None:
    @click.command("stop-now")
    def stop_now() -> None:
        raise click.Abort()

    cli.add_command(stop_now)
    try:
        runner = Halt(tmp_path / "x.sqlite3").runner
        dutch = runner.invoke(cli, ["--lang", "nl", "stop-now"])
        english = runner.invoke(cli, ["stop-now"])
    finally:
        cli.commands.pop("stop-now")
    assert (dutch.exit_code, dutch.stderr.strip()) == (1, "Fout: gestopt.")
    assert english.stderr.strip() == "Error: stopped."
