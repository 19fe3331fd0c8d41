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
        assert len(tour.splitlines()) <= 25, "the tour stays short"
        exec(compile(tour, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "cannot read Intervention" in out
    assert "HC-FORUM-003 Halt" in out
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
