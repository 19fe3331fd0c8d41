"""The scale benchmark's output: one table per store across the sizes, then the targets.

Columns: the command; its best time at 10^5 and at 10^6 records; the time ratio from one size
to the other against the records' ratio (linear growth: the two are equal); the floor's time
and halt's time over it at the largest size run; the peak memory (MB, 10^6 bytes) at each
size and its ratio. Targets are printed met or MISSED with what is still needed, never
asserted.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks import _common
    from benchmarks._scale_commands import Command, Outcome
else:
    import _common
    from _scale_commands import Command, Outcome

FLOOR_TIMES = 2.0
"""A one-place command's time at most this many times its floor's."""
ONE_PLACE_MEMORY = 1.3
"""A one-place command's peak memory at 10^6 at most this many times its peak at 10^5."""
STREAMED_MEMORY = 1.2
"""A streamed command's (list --format jsonl, export) peak memory ratio, 10^6 over 10^5."""
AREA_SHARE = 0.10
"""``check --arrondissement`` at most this share of the full check's time."""
FULL_CHECK_MB = 2_700 / 2
"""The full check's peak memory at 10^6, in MB: under half of 2.7 GB."""
LONG = "not run: needs --long"


@dataclasses.dataclass(frozen=True)
class SizeRun:
    """One store at one size: what each command and its floor measured.

    Attributes:
        records: how many records the store holds.
        outcomes: each command's outcome, by the command's name.
        floors: each command's floor: best seconds and how many records it read, by name.

    """

    records: int
    outcomes: dict[str, Outcome]
    floors: dict[str, tuple[float, int]]


def _time(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.3f}"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def table(commands: Sequence[Command], runs: Sequence[SizeRun]) -> str:
    """The table of one store: a row per command, columns for one or two sizes."""
    header = [
        "command",
        "time 10^5",
        "time 10^6",
        "ratio vs size ratio",
        "floor",
        "x floor",
        "MB 10^5",
        "MB 10^6",
        "MB ratio",
    ]
    small, large = runs[0], runs[-1] if len(runs) > 1 else None
    last = runs[-1]
    body = []
    for command in commands:
        first = small.outcomes[command.name]
        if first.problem is not None:
            body.append([command.name, first.problem, *[""] * 7])
            continue
        second = large.outcomes[command.name] if large is not None else None
        growth = "-"
        if large is not None and second is not None and second.seconds and first.seconds:
            growth = (
                f"{second.seconds / first.seconds:.1f}x vs {large.records / small.records:.1f}x"
            )
        best = last.outcomes[command.name].seconds
        floor_seconds = last.floors[command.name][0] if command.name in last.floors else None
        times_floor = "-" if not (best and floor_seconds) else f"{best / floor_seconds:.2f}"
        mb_ratio = "-"
        if second is not None and second.peak_mb and first.peak_mb:
            mb_ratio = f"{second.peak_mb / first.peak_mb:.2f}"
        body.append(
            [
                command.name,
                _time(first.seconds),
                "-" if second is None else (second.problem or _time(second.seconds)),
                growth,
                _time(floor_seconds),
                times_floor,
                _mb(first.peak_mb),
                "-" if second is None else _mb(second.peak_mb),
                mb_ratio,
            ]
        )

    def ran(cells: list[str]) -> bool:
        return cells[2:] != [""] * 7

    measured = [header, *filter(ran, body)]
    widths = [max(len(row[i]) for row in [*measured]) for i in range(len(header))]
    widths[0] = max(len(row[0]) for row in [header, *body])

    def line(cells: list[str]) -> str:
        if not ran(cells):  # the command did not run: say why across the columns
            return f"{cells[0].ljust(widths[0])}  {cells[1]}"
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(cells) for cells in body)])


def floor_reads(commands: Sequence[Command], run: SizeRun) -> str:
    """One line: how many records each command's floor read, at ``run``'s size."""
    counts = ", ".join(f"{c.name} {run.floors[c.name][1]:,}" for c in commands)
    return f"records the floors read at {run.records:,}: {counts}"


def verdict(value: float, limit: float, shown: str, what: str) -> str:
    """Met or MISSED, given a measured ``value`` and its ``limit`` (lower is better)."""
    if value <= limit:
        return f"met, {shown}"
    share = value / limit
    return f"MISSED, {shown} - halt needs {share:.2f}x less {what} ({1 - 1 / share:.0%} less)"


def targets(commands: Sequence[Command], runs: Sequence[SizeRun], long: bool) -> list[str]:
    """One line per target of one store: met or MISSED, not run, or not measured."""
    small, last = runs[0], runs[-1]
    large = runs[1] if long and len(runs) > 1 else None
    at = "10^6" if large is not None else "10^5"
    lines = []
    for command in commands:
        found = last.outcomes[command.name]
        if command.one_place:
            label = f"{command.name}: time within {FLOOR_TIMES:g}x of its floor (at {at})"
            if found.seconds is None:
                lines.append(f"{label}: not measured, {found.problem}")
            else:
                ratio = found.seconds / last.floors[command.name][0]
                lines.append(f"{label}: {verdict(ratio, FLOOR_TIMES, f'{ratio:.2f}x', 'time')}")
        limit = (
            ONE_PLACE_MEMORY if command.one_place else STREAMED_MEMORY if command.streamed else None
        )
        if limit is not None:
            label = f"{command.name}: peak memory at 10^6 within {limit:g}x of at 10^5"
            lines.append(f"{label}: {_growth(command, small, large, limit)}")
    share = AREA_SHARE * 100
    for run in runs:
        label = (
            f"check --arrondissement A under {share:g}% of the full check's time"
            f" (at {run.records:,} records)"
        )
        area, full = run.outcomes["check --arrondissement A"], run.outcomes["check"]
        if area.seconds is None or full.seconds is None:
            lines.append(f"{label}: not measured, {area.problem or full.problem}")
        else:
            ratio = area.seconds / full.seconds
            lines.append(f"{label}: {verdict(ratio, AREA_SHARE, f'{ratio:.1%}', 'time')}")
    label = f"check (full) at 10^6: peak memory under {FULL_CHECK_MB:,.0f} MB (half of 2.7 GB)"
    if large is None:
        lines.append(f"{label}: {LONG}")
    else:
        peak = large.outcomes["check"].peak_mb
        if peak is None:
            lines.append(f"{label}: not measured, {large.outcomes['check'].problem}")
        else:
            shown = f"{peak:,.0f} MB"
            lines.append(f"{label}: {verdict(peak, FULL_CHECK_MB, shown, 'memory')}")
    return lines


def _growth(command: Command, small: SizeRun, large: SizeRun | None, limit: float) -> str:
    if large is None:
        return LONG
    first, second = small.outcomes[command.name], large.outcomes[command.name]
    if first.peak_mb is None or second.peak_mb is None:
        return f"not measured, {first.problem or second.problem}"
    ratio = second.peak_mb / first.peak_mb
    shown = f"{ratio:.2f}x ({first.peak_mb:,.0f} -> {second.peak_mb:,.0f} MB)"
    return verdict(ratio, limit, shown, "memory growth")


def json_lines(store: str, commands: Sequence[Command], runs: Sequence[SizeRun]) -> list[str]:
    """The ``--json`` lines of one store: one object per command and size that ran."""
    lines = []
    for run in runs:
        for command in commands:
            found = run.outcomes[command.name]
            if found.seconds is None:
                continue
            floor_seconds, floor_records = run.floors[command.name]
            row = _common.Row(
                f"{store} {command.name}",
                run.records,
                found.seconds,
                f"raw SQL + msgspec ({floor_records:,} records)",
                floor_seconds,
                peak_mib=None if found.peak_mb is None else found.peak_mb * 1e6 / 2**20,
            )
            lines.append(json.dumps({**row.as_json(), "peak_mb": found.peak_mb}))
    return lines
