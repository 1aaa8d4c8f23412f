"""Measures field-corpus cases with the project's own command and keeps the facts in each case.

Usage: python tests/corpus/measure.py [ID ...] [--only-missing] [--suspect] [--calm LOAD]
                                      [--jobs N] [--timeout SECONDS]

For each case (every case, or the named ids) it writes the case's notebook (setup cells setup-1,
setup-2, ..., then the case, id case) into a fresh temporary folder and runs
`python -m jupyterlab_optimiser measure NB --output FACTS.json --timeout SECONDS` on it: a fresh
kernel with the probe installed as the front end installs it, so each run carries the probe's line
profile. The facts (version 1, whole) go into the case's `facts`. A case whose cell raised keeps
its failed run (ok false, error). TMPDIR points into that folder, so setup cells that generate data
under the temp dir start from nothing, and the folder is removed afterwards.

Measure with one job (the default) so that the timings are not shared with another case. On a
machine shared with other work, --calm LOAD waits before each case (up to --calm-wait seconds) for
the one-minute load average to fall below LOAD, and --suspect picks the cases whose facts look
measured under contention: a cell labelled CPU-bound (interpreter, native, all-cores) whose CPU
time, its children's included, is under 80 % of its wall time.
Exit status: 0, or 1 when a case could not be measured (its file is left as it was).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cases_io import case_paths, cell_ids, contended, notebook, read_case, with_facts, write_case

ROOT = Path(__file__).resolve().parents[2]
MEASURED, CELL_FAILED = 0, 4  # the measure command's exit codes (docs/cli.md)
KILL_GRACE_S = 120  # kernel start, probe install and the command's own 10 s interrupt grace


def suspect(case: dict) -> bool:
    return "facts" in case and contended(case["expect"]["diagnosis"], case["facts"])


def wait_for_calm(load: float, patience: float) -> str:
    """Waits until the one-minute load average is under `load`; returns a note when it gave up."""
    deadline = time.monotonic() + patience
    while os.getloadavg()[0] >= load:
        if time.monotonic() > deadline:
            return f" (measured at load {os.getloadavg()[0]:.1f}: no calm within {patience:g} s)"
        time.sleep(5)
    return ""


def measure_case(path: Path, timeout: float) -> str:
    """Measures one case and writes its facts; returns a line for the log. Raises RuntimeError
    when the command wrote no usable facts."""
    case = read_case(path)
    folder = Path(tempfile.mkdtemp(prefix=f"measure-{case['id']}-"))
    try:
        (folder / "tmp").mkdir()
        nb, facts_path = folder / "case.ipynb", folder / "facts.json"
        nb.write_text(json.dumps(notebook(case), indent=1), encoding="utf-8")
        env = {**os.environ, "TMPDIR": str(folder / "tmp")}
        command = [sys.executable, "-m", "jupyterlab_optimiser", "measure", str(nb)]
        command += ["--output", str(facts_path), "--timeout", f"{timeout:g}"]
        limit = timeout * len(cell_ids(case)) + KILL_GRACE_S
        started = time.monotonic()
        try:
            done = subprocess.run(
                command, check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=limit
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"the measure command ran past {limit:g} s") from None
        elapsed = time.monotonic() - started
        if done.returncode not in (MEASURED, CELL_FAILED) or not facts_path.is_file():
            raise RuntimeError(f"measure exited {done.returncode}: {done.stderr.strip()[-800:]}")
        facts = json.loads(facts_path.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    missing = [key for key in cell_ids(case) if key not in facts.get("runs", {})]
    if missing:  # the kernel died or was shut down before these cells ran
        raise RuntimeError(f"no runs for {', '.join(missing)}: {done.stderr.strip()[-800:]}")
    # Read again just before writing, so an edit made meanwhile to another field is kept.
    write_case(path, with_facts(read_case(path), facts))
    return f"{case['id']}: {summary(facts)} ({elapsed:.1f} s in all)"


def summary(facts: dict) -> str:
    run = facts["runs"]["case"][-1]
    text = f"case {run['wall_s']:.2f} s wall, {run['cpu_s']:.2f} s cpu"
    if run.get("children_cpu_s"):
        text += f" + {run['children_cpu_s']:.2f} s children"
    if "profile" in run:
        text += ", profile"
    failed = [
        f"{key} raised {r.get('error', '')[:80]}" for key, runs in facts["runs"].items() for r in runs if not r["ok"]
    ]
    return text + ("; " + "; ".join(failed) if failed else "")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ids", nargs="*", help="case ids (default: every case)")
    parser.add_argument("--only-missing", action="store_true", help="only cases without facts")
    parser.add_argument("--suspect", action="store_true", help="only cases whose facts look measured under contention")
    parser.add_argument("--calm", type=float, metavar="LOAD", help="wait for the load average to fall below LOAD")
    parser.add_argument("--calm-wait", type=float, default=300, metavar="SECONDS", help="how long to wait for calm")
    parser.add_argument("--jobs", type=int, default=1, help="cases measured at once (default 1)")
    parser.add_argument("--timeout", type=float, default=120, help="per cell, in seconds (default 120)")
    args = parser.parse_args(argv)
    paths = case_paths(args.ids)
    if args.only_missing:
        paths = [p for p in paths if "facts" not in read_case(p)]
    if args.suspect:
        paths = [p for p in paths if suspect(read_case(p))]
    started, failures = time.monotonic(), []

    def one(path: Path) -> None:
        try:
            note = wait_for_calm(args.calm, args.calm_wait) if args.calm else ""
            print(measure_case(path, args.timeout) + note, flush=True)
        except RuntimeError as error:
            failures.append(path.stem)
            print(f"{path.stem}: NOT MEASURED: {error}", flush=True)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(one, paths))
    print(
        f"measured {len(paths) - len(failures)} of {len(paths)} cases in {time.monotonic() - started:.0f} s"
        + (f"; not measured: {', '.join(sorted(failures))}" if failures else ""),
        flush=True,
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
