"""Checks every field-corpus case against the format in tests/corpus/README.md.

Usage: python tests/corpus/validate.py [CASE.json ...]   (no arguments: every case)
Prints one line per problem and exits 1 when there is any. The measured `facts`, and the facts
each scenario's patch makes of them, are checked against the facts schema (version 1) with the
package's own check, the one `jupyter optimiser` applies to every facts file it reads.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from cases_io import CASES, cell_ids, deep_merge

sys.path.insert(0, str(CASES.parents[2]))  # the repository: its package, and the schema it finds
from jupyterlab_optimiser.facts import problem as facts_problem

RULES = {
    "profile-first", "consistent-timing", "numpy-vectorise", "numba-jit", "pathos-pool",
    "gnu-parallel", "dask-partition", "gpu-library", "numba-cuda", "multi-node", "compiled-extension",
}
DIAGNOSES = {"interpreter", "native", "all-cores", "waiting", "memory", "failed", "fast", "unmeasured"}
REQUIRED = ("id", "repo", "path", "commit", "changes", "source", "expect", "facts")


def check_expect(expect, where):
    problems = []
    if not isinstance(expect, dict):
        return [f"{where}: expect must be an object"]
    if expect.get("rule") is not None and expect.get("rule") not in RULES:
        problems.append(f"{where}: unknown rule {expect.get('rule')!r}")
    if "rule" not in expect:
        problems.append(f"{where}: expect.rule is missing (null for no advice)")
    if expect.get("diagnosis") not in DIAGNOSES:
        problems.append(f"{where}: unknown diagnosis {expect.get('diagnosis')!r}")
    if not str(expect.get("rationale", "")).strip():
        problems.append(f"{where}: expect.rationale is empty")
    return problems


def check(path: Path) -> list[str]:
    try:
        case = json.loads(path.read_text())
    except ValueError as error:
        return [f"{path.name}: not JSON ({error})"]
    problems = [f"{path.name}: {key} is missing" for key in REQUIRED if not case.get(key)]
    if problems:
        return problems
    if case["id"] != path.stem or not re.fullmatch(r"[a-z0-9-]+", case["id"]):
        problems.append(f"{path.name}: id must equal the file name and be [a-z0-9-]+")
    if not re.fullmatch(r"[0-9a-f]{40}", case["commit"]):
        problems.append(f"{path.name}: commit must be 40 hex digits")
    if "/" not in case["repo"]:
        problems.append(f"{path.name}: repo must be owner/name")
    setup = case.get("setup", [])
    if not isinstance(setup, list) or not all(isinstance(s, str) for s in setup):
        problems.append(f"{path.name}: setup must be a list of cell sources")
    problems += check_expect(case["expect"], path.name)
    problems += check_facts(case["facts"], case, f"{path.name} facts")
    for i, scenario in enumerate(case.get("scenarios", [])):
        where = f"{path.name} scenario {i}"
        if not scenario.get("name") or not isinstance(scenario.get("patch"), dict):
            problems.append(f"{where}: needs a name and a patch object")
        else:
            found = facts_problem(deep_merge(case["facts"], scenario["patch"]))
            if found is not None:
                problems.append(f"{where}: the patched facts break the schema ({found})")
        problems += check_expect(scenario.get("expect"), where)
    return problems


def check_facts(facts, case: dict, where: str) -> list[str]:
    """Facts version 1 as measure.py keeps them: runs for exactly the notebook's cells."""
    found = facts_problem(facts)
    if found is not None:
        return [f"{where}: break the schema ({found}); measure again with tests/corpus/measure.py"]
    if sorted(facts["runs"]) != sorted(cell_ids(case)):
        return [f"{where}: runs for {sorted(facts['runs'])}, the notebook's cells are {cell_ids(case)}"]
    return []


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted(CASES.glob("*.json"))
    problems = [p for path in paths for p in check(path)]
    for problem in problems:
        print(problem)
    print(f"{len(paths)} cases, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
