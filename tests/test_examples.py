"""Every example runs as its README section says, and prints what it promises."""

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_first_network_prints_the_network_and_survives_json():
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "first_network.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Forum: JCO Amsterdam; Halt is information supplier" in done.stdout
    assert "Referral: youth Y-7F3K9Q2M, 15 years, shoplifting" in done.stdout
    assert "it equals the original" in done.stdout


def test_the_readme_tour_runs(capsys, tmp_path, monkeypatch):
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```python\n")[1:]
    assert blocks, "the README has a Python tour"
    monkeypatch.chdir(tmp_path)  # the tour writes a calendar
    for block in blocks:
        tour = block.split("```")[0]
        assert len(tour.splitlines()) <= 27, "the tour stays short"
        exec(compile(tour, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "kan Intervention niet uit deze gegevens lezen" in out
    assert "HC-FORUM-003 Halt" in out
    for arrondissement in ("Noord-Nederland", "Limburg", "Zeeland-West-Brabant"):
        assert repr(arrondissement) in out  # the demo covers the whole country
    assert (tmp_path / "forums.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_check_demo_explains_the_planted_mistakes_in_both_languages():
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "check_demo.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "found 5 violation(s)" in done.stdout
    assert "HC-FORUM-003  Halt is chair of forum" in done.stdout
    assert "Halt is voorzitter van overleg" in done.stdout
    assert "ERROR (3)" in done.stdout


def test_jco_example_prepares_sheets_says_what_was_left_off_and_logs_the_disclosures(tmp_path):
    store = f"sqlite:///{(tmp_path / 'halt.sqlite3').as_posix()}"
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "jco_information_sheets.py"), store],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # The school at the table sees nothing of the youth, and the sheet says why, in Dutch.
    assert "Voor: Het Stedelijk Lyceum\nCasus: (pseudoniem weggelaten)" in out
    assert "geen ketenpartner; justitiële gegevens over jongeren mogen er niet heen" in out
    # A referral of another youth is not shown; typed agenda text never is.
    assert "hoort bij een andere jongere" in out
    assert "vrije tekst kan iedereen noemen" in out
    assert "Jan de Vries" not in out
    assert "03-04-2010" not in out
    # Three chain partners for each of three cases: nine entries, none to the school.
    assert "Verstrekkingenlog: 9 vermelding(en)" in out
    log = out.split("Verstrekkingenlog")[1]
    assert log.count("aan OM Amsterdam (casusoverleg, WJSG)") == 3
    assert "Stedelijk Lyceum" not in log
