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


def test_the_readme_tour_runs(capsys):
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```python\n")[1:]
    assert blocks, "the README has a Python tour"
    for block in blocks:
        exec(compile(block.split("```")[0], "README.md", "exec"), {})
    assert "cannot read Intervention" in capsys.readouterr().out
