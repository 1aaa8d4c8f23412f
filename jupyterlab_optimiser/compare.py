"""`jupyter optimiser compare BASELINE.json CURRENT.json`: per cell, the median wall time of the
successful runs in each file; which cells got slower or faster by more than the tolerance."""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import EXIT_OK, EXIT_SLOWER, InputError
from .facts import read_facts
from .progress import plural, seconds


@dataclass
class Change:
    cell: str
    baseline_s: float | None
    current_s: float | None
    ratio: float | None = None


@dataclass
class Comparison:
    tolerance: float
    min_seconds: float
    slower: list[Change] = field(default_factory=list)
    faster: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    failing: list[Change] = field(default_factory=list)  # ran in the baseline, no successful run now
    new: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def median_wall(runs: list[dict]) -> float | None:
    walls = [run["wall_s"] for run in runs if run["ok"]]
    return statistics.median(walls) if walls else None


def compare_runs(baseline: dict, current: dict, tolerance: float, min_seconds: float) -> Comparison:
    result = Comparison(tolerance, min_seconds)
    result.new = [cell for cell in current if cell not in baseline]
    result.removed = [cell for cell in baseline if cell not in current]
    for cell in (c for c in baseline if c in current):
        before, now = median_wall(baseline[cell]), median_wall(current[cell])
        if before is None and now is None:
            continue
        change = Change(cell, before, now, None if not before or now is None else now / before)
        if now is None:
            result.failing.append(change)
        elif before is None:
            result.new.append(cell)  # first successful runs: nothing to compare with
        elif abs(now - before) < min_seconds:
            result.unchanged.append(change)
        elif now > before * (1 + tolerance):
            result.slower.append(change)
        elif now < before * (1 - tolerance):
            result.faster.append(change)
        else:
            result.unchanged.append(change)
    return result


def compare(baseline_path: Path, current_path: Path, tolerance: float, min_seconds: float, as_json: bool) -> int:
    if not tolerance >= 0 or tolerance == float("inf"):
        raise InputError(f"--tolerance must be a fraction of 0 or more, e.g. 0.2 for 20 % (not {tolerance})")
    if not min_seconds >= 0 or min_seconds == float("inf"):
        raise InputError(f"--min-seconds must be 0 or more seconds (not {min_seconds})")
    baseline, current = read_facts(baseline_path)["runs"], read_facts(current_path)["runs"]
    result = compare_runs(baseline, current, tolerance, min_seconds)
    print(json.dumps(asdict(result), indent=2) if as_json else report(result, baseline_path, current_path))
    return EXIT_SLOWER if result.slower or result.failing else EXIT_OK


def report(result: Comparison, baseline_path: Path, current_path: Path) -> str:
    compared = len(result.slower) + len(result.faster) + len(result.unchanged) + len(result.failing)
    lines = [
        f"{current_path} against {baseline_path}: {plural(compared, 'cell')} compared "
        f"(median of successful runs; tolerance {result.tolerance:.0%}, differences under "
        f"{seconds(result.min_seconds)} ignored)"
    ]
    for title, changes in (("slower", result.slower), ("faster", result.faster)):
        lines += [f"{title}: {len(changes)}"] + [_change_line(change) for change in changes]
    if result.failing:
        lines += [f"no successful run now: {len(result.failing)}"]
        lines += [f"  {c.cell}: {seconds(c.baseline_s)} before" for c in result.failing]
    for title, cells in (("new", result.new), ("removed", result.removed)):
        if cells:
            lines.append(f"{title}: {', '.join(cells)}")
    return "\n".join(lines)


def _change_line(change: Change) -> str:
    ratio = "" if change.ratio is None else f" ({change.ratio - 1:+.0%})"
    return f"  {change.cell}: {seconds(change.baseline_s)} -> {seconds(change.current_s)}{ratio}"
