"""Reading and writing field-corpus cases, and the notebook a case stands for (README.md)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
CPU_BOUND = ("interpreter", "native", "all-cores")
CONTENDED = 0.8  # a CPU-bound cell alone on a core spends nearly all its wall time on the CPU


def case_paths(ids: list[str] | None = None) -> list[Path]:
    """Every case file, sorted, or the named ones (an id or a path)."""
    if not ids:
        return sorted(CASES.glob("*.json"))
    paths = []
    for name in ids:
        path = Path(name) if name.endswith(".json") else CASES / f"{name}.json"
        if not path.is_file():
            raise SystemExit(f"no case {name} ({path})")
        paths.append(path)
    return paths


def read_case(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write_case(path: Path, case: dict) -> None:
    """As the cases are kept: indent 2, UTF-8 as is, one trailing newline."""
    path.write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def cell_ids(case: dict) -> list[str]:
    return [f"setup-{i}" for i in range(1, len(case.get("setup", [])) + 1)] + ["case"]


def notebook(case: dict) -> dict:
    """The setup cells (ids setup-1, setup-2, ...) then the case (id case), nbformat 4.5."""
    sources = list(case.get("setup", [])) + [case["source"]]
    cells = [
        {"cell_type": "code", "id": key, "metadata": {}, "execution_count": None, "outputs": [], "source": source}
        for key, source in zip(cell_ids(case), sources)
    ]
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "cells": cells,
    }


def deep_merge(base: dict, patch: dict) -> dict:
    """`patch` merged into a copy of `base`: objects merge key by key; anything else (a run list
    included) replaces what was there."""
    merged = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def with_facts(case: dict, facts: dict) -> dict:
    """The case with `facts` in place: where it was, else before `scenarios`, else at the end."""
    if "facts" in case or "scenarios" not in case:
        return {**case, "facts": facts}
    out = {}
    for key, value in case.items():
        if key == "scenarios":
            out["facts"] = facts
        out[key] = value
    return out


def cpu_share(facts: dict) -> float | None:
    """(CPU + children's CPU) / wall of the case's latest successful run, or None."""
    runs = [run for run in facts.get("runs", {}).get("case") or [] if run.get("ok")]
    if not runs or not runs[-1].get("wall_s"):
        return None
    run = runs[-1]
    return (run.get("cpu_s", 0) + run.get("children_cpu_s", 0)) / run["wall_s"]


def contended(diagnosis: str, facts: dict) -> bool:
    """Facts that read as waiting for a cell labelled CPU-bound: measured while others held the cores."""
    share = cpu_share(facts)
    return diagnosis in CPU_BOUND and share is not None and share < CONTENDED
