"""How much ``import halt_core`` costs against importing its dependencies alone (issue 18).

Each row runs a fresh interpreter per repeat (``python -c``) that times one import statement
with ``time.perf_counter`` around it, so the interpreter's own start-up is not counted, and
keeps the best of the repeats. Bytecode is compiled once before timing (a first, untimed run
of each statement), as it is for an installed package.

- ``import halt_core``: the package as a user imports it; floor: ``import attrs, cattrs,
  msgspec, pluggy``, the dependencies it is built on. halt_core imports cattrs only when the
  dict converter is first used, so the floor holds more than halt_core needs up front.
- ``import halt_adapters``: the adapters' package, which registers their phrases and entry
  points; the same floor.

Below the table, the halt_core modules with the largest own import time (from ``python -X
importtime``, one run) show where the time goes.

Run: ``python benchmarks/imports.py [--quick] [--repeat K] [--json]``. ``--size`` is not used.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # mypy, run from the project root, sees this folder as package "benchmarks"
    from benchmarks import _common
else:  # run as a script (python benchmarks/imports.py), this folder is first on sys.path
    import _common

DEPENDENCIES = "import attrs, cattrs, msgspec, pluggy"
_TIMER = "import time; start = time.perf_counter(); {statement}; print(time.perf_counter() - start)"


def _once(statement: str) -> float:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode is cached, as for an installed package
    done = subprocess.run(
        [sys.executable, "-c", _TIMER.format(statement=statement)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if done.returncode != 0:
        _common.fail(f"{statement!r} failed:\n{done.stderr}")
    return float(done.stdout.strip())


def best(statement: str, repeat: int) -> float:
    """The best time of ``statement`` over ``repeat`` fresh interpreters (after one untimed)."""
    _once(statement)  # compiles the bytecode, warms the file cache
    return min(_once(statement) for _ in range(repeat))


def heaviest(module: str, count: int) -> list[str]:
    """The ``count`` halt modules with the largest own import time, one line each."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    own: list[tuple[int, str]] = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue  # the header
        name = parts[2].strip()
        if name.startswith(("halt_core", "halt_adapters")):
            own.append((int(parts[0]), name))
    own.sort(reverse=True)
    return [f"  {name}: {micro / 1000:.1f} ms" for micro, name in own[:count]]


def main() -> None:
    options = _common.parse_options(
        __doc__.splitlines()[0], default_size=1, quick_size=1, default_repeat=15, quick_repeat=5
    )
    floor = best(DEPENDENCIES, options.repeat)
    rows = [
        _common.Row(
            name=f"import {module}",
            n=1,
            halt_seconds=best(f"import {module}", options.repeat),
            floor_name="attrs+cattrs+msgspec+pluggy",
            floor_seconds=floor,
        )
        for module in ("halt_core", "halt_adapters")
    ]
    notes = [
        *_common.environment("attrs", "cattrs", "msgspec", "pluggy"),
        f"each figure: the best of {options.repeat} fresh interpreters, bytecode cached",
        "largest own import times in halt_core (python -X importtime, one run):",
        *heaviest("halt_core", 5),
    ]
    targets = [
        _common.Target(
            "import halt_core", "floor", 1.3, "within 1.3x of importing its dependencies"
        )
    ]
    _common.report(
        "import: halt_core vs its dependencies", rows, options, notes=notes, targets=targets
    )


if __name__ == "__main__":
    main()
