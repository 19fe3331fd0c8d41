"""The storage kit catches every bug planted in a store, one bug at a time.

``tests/adapters/_store_mutants.py`` plants each bug in a subclass of the example JSON store
(``examples/jsonfile_store``). Here the whole :class:`~halt_adapters.testing.StoreConformance`
suite runs against every mutant, in a few pytest processes side by side (each stops a
mutant's tests at its first failure), and against the store without a bug, which must pass.
The example store keeps no deliveries and no privacy log, so
``tests/adapters/_delivery_mutants.py`` and ``_privacy_log_mutants.py`` plant the bugs of
those in the memory store, and the kit's deliveries and privacy log tests run against them.
A mutant whose tests all pass is a hole in the kit: add a test to the kit that catches it.

It takes a few minutes, so it runs on its own: ``nox -s kit`` (``HALT_KIT_MUTATIONS=1``).
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from halt_adapters.testing import StoreConformance
from halt_adapters.testing._deliveries import DeliveriesConformance
from halt_adapters.testing._privacy_log import PrivacyLogConformance

try:
    from tests.adapters._delivery_mutants import DELIVERY_MUTANTS
    from tests.adapters._delivery_mutants import VARIABLE as DELIVERY_VARIABLE
    from tests.adapters._privacy_log_mutants import PRIVACY_LOG_MUTANTS
    from tests.adapters._privacy_log_mutants import VARIABLE as PRIVACY_LOG_VARIABLE
    from tests.adapters._store_mutants import MUTANTS, REPORT_VARIABLE, VARIABLE
except ImportError as exc:  # the example plugin is missing: fail the run, do not skip
    pytest.fail(
        f"cannot import the mutants of the example store ({exc}): install it with "
        "`pip install -e examples/jsonfile_store` (nox -s tests does)",
        pytrace=False,
    )

pytestmark = pytest.mark.skipif(
    os.environ.get("HALT_KIT_MUTATIONS") != "1",
    reason="the kit's mutation suite runs on its own: nox -s kit "
    "(or HALT_KIT_MUTATIONS=1 pytest tests/adapters/test_store_kit_mutations.py)",
)

ROOT = Path(__file__).resolve().parents[2]
SUITE = Path(__file__).with_name("_store_mutants.py")
DELIVERY_SUITE = Path(__file__).with_name("_delivery_mutants.py")
PRIVACY_LOG_SUITE = Path(__file__).with_name("_privacy_log_mutants.py")
DELIVERIES_TESTS = [name for name in dir(DeliveriesConformance) if name.startswith("test_")]
"""The kit's tests of deliveries: skipped for the example store, which keeps none."""
PRIVACY_LOG_TESTS = [name for name in dir(PrivacyLogConformance) if name.startswith("test_")]
"""The kit's tests of the privacy log: skipped for the example store, which keeps none."""
PROCESSES = max(1, min(4, os.cpu_count() or 1))  # each runs the kit against a share
TIMEOUT_SECONDS = 600
_DELIVERY_NAMES = ["deliveries_none", *DELIVERY_MUTANTS]
_PRIVACY_LOG_NAMES = ["privacy_log_none", *PRIVACY_LOG_MUTANTS]


def _run(names: list[str], folder: Path) -> dict[str, Any]:
    """Run the kit against the mutants ``names`` in a pytest process; their outcomes."""
    folder.mkdir()
    report = folder / "outcomes.json"
    env = {
        **os.environ,
        VARIABLE: ",".join(
            name for name in names if name not in {*_DELIVERY_NAMES, *_PRIVACY_LOG_NAMES}
        ),
        DELIVERY_VARIABLE: ",".join(name for name in names if name in _DELIVERY_NAMES),
        PRIVACY_LOG_VARIABLE: ",".join(name for name in names if name in _PRIVACY_LOG_NAMES),
        REPORT_VARIABLE: str(report),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    command = [
        *(sys.executable, "-m", "pytest", "-p", "tests.adapters._store_mutants"),
        *("-p", "no:cacheprovider", "-q", "--no-header", "-rN"),
        *(str(SUITE), str(DELIVERY_SUITE), str(PRIVACY_LOG_SUITE)),
    ]
    # In a folder of its own: hypothesis keeps its example database in the working folder.
    done = subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS
    )
    if not report.exists():
        pytest.fail(f"the kit did not run against {names}:\n{done.stdout}\n{done.stderr}")
    outcomes: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    for name in names:
        outcomes.setdefault(name, {"failed": [], "passed": 0, "skipped": 0})
        outcomes[name]["output"] = done.stdout[-3000:]
    return outcomes


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every mutant's failed tests and counts, and those of the store without a bug."""
    names = ["none", *MUTANTS, *_DELIVERY_NAMES, *_PRIVACY_LOG_NAMES]
    groups = [names[i::PROCESSES] for i in range(PROCESSES)]
    base = tmp_path_factory.mktemp("mutants")
    found: dict[str, Any] = {}
    with concurrent.futures.ThreadPoolExecutor(PROCESSES) as pool:
        runs = [pool.submit(_run, group, base / f"run{n}") for n, group in enumerate(groups)]
        for run in runs:
            found.update(run.result())
    return found


def test_the_example_store_without_a_bug_passes_the_kit(outcomes: dict[str, Any]) -> None:
    outcome = outcomes["none"]
    assert outcome["failed"] == [], outcome["output"]
    assert outcome["passed"] >= 50, outcome  # the harness ran the whole kit
    # With reopen and make_newer, only the deliveries' and the privacy log's tests are
    # skipped: it keeps neither.
    assert outcome["skipped"] == len(DELIVERIES_TESTS) + len(PRIVACY_LOG_TESTS), outcome


def test_the_memory_store_without_a_bug_passes_the_deliveries_tests(
    outcomes: dict[str, Any],
) -> None:
    outcome = outcomes["deliveries_none"]
    assert outcome["failed"] == [], outcome["output"]
    assert outcome["passed"] == len(DELIVERIES_TESTS) - 1, outcome
    assert outcome["skipped"] == 1, outcome  # the test after reopening: memory keeps nothing


def test_the_memory_store_without_a_bug_passes_the_privacy_log_tests(
    outcomes: dict[str, Any],
) -> None:
    outcome = outcomes["privacy_log_none"]
    assert outcome["failed"] == [], outcome["output"]
    assert outcome["passed"] == len(PRIVACY_LOG_TESTS) - 1, outcome
    assert outcome["skipped"] == 1, outcome  # the test after reopening: memory keeps nothing


def test_there_are_at_least_ten_planted_bugs() -> None:
    assert len(MUTANTS) >= 10
    assert len(DELIVERY_MUTANTS) >= 10
    assert len(PRIVACY_LOG_MUTANTS) >= 10


@pytest.mark.parametrize("name", [*MUTANTS, *DELIVERY_MUTANTS, *PRIVACY_LOG_MUTANTS])
def test_the_kit_catches_the_planted_bug(outcomes: dict[str, Any], name: str) -> None:
    outcome = outcomes[name]
    bugs: dict[str, str] = {
        each: mutant.bug
        for mutants in (MUTANTS, DELIVERY_MUTANTS, PRIVACY_LOG_MUTANTS)
        for each, mutant in mutants.items()
    }
    bug = bugs[name]
    assert outcome["failed"], (
        f"every test of StoreConformance passed against a store with this bug: {bug}. "
        "Add a test to the kit that catches it."
    )


def test_no_test_of_the_kit_hides_another_of_the_same_name() -> None:
    # StoreConformance inherits the deliveries' and the privacy log's tests: a test of one
    # named like a test of another would silently replace it.
    own = [name for name in vars(StoreConformance) if name.startswith("test_")]
    every = [*own, *DELIVERIES_TESTS, *PRIVACY_LOG_TESTS]
    assert len(every) == len(set(every)), sorted(n for n in set(every) if every.count(n) > 1)
