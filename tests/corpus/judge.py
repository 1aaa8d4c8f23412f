"""The advice on every field-corpus case and scenario, judged against its label (issue 12).

`judge()` builds each case's notebook, writes its measured facts (each scenario's patch deep-merged
into them, as README.md says), runs the built CLI's `advise --json` on all of them in one Node
process (advise_batch.js) and returns one Verdict per case and scenario: the top-1 rule (the first
card of cell `case`, or None) and, once the CLI reports one, the diagnosis. `table()` prints
top-1 accuracy per expected label.

Usage: python tests/corpus/judge.py [ID ...]   (prints the table and every wrong answer)
       python tests/corpus/judge.py --draft-known-wrong   (prints known_wrong.json as it would be now:
           the listed entries kept with their why, answers now right dropped, new wrong ones added
           with a why drawn from the kind of mistake, to be read and corrected before committing)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from cases_io import HERE, case_paths, contended, cpu_share, deep_merge, notebook, read_case

ROOT = HERE.parents[1]
CLI = ROOT / "lib" / "cli.js"
NO_CARD = "(no card)"
TARGET = 0.95  # issue 12: top-1 on the field corpus


@dataclass
class Verdict:
    key: str  # the case id, or "<id> [<scenario name>]"
    expected: str | None
    expected_diagnosis: str
    ambiguous: bool
    got: str | None = None
    cards: list[str] = field(default_factory=list)  # every card of cell `case`, best first
    diagnosis: str | None = None  # the CLI's diagnosis kind, when it gives one
    problem: str | None = None  # no facts, or the CLI refused or crashed
    contended: bool = False  # labelled CPU-bound, but the facts read as waiting (see cases_io)
    cpu_share: float | None = None

    @property
    def correct(self) -> bool:
        return self.problem is None and self.got == self.expected

    @property
    def must_be_silent(self) -> bool:
        return self.expected_diagnosis in ("fast", "failed")


def scenario_key(case_id: str, name: str) -> str:
    return f"{case_id} [{name}]"


def items(case: dict):
    """(key, expect, ambiguous, patch or None) for the case as measured, then each scenario."""
    ambiguous = bool(case.get("ambiguous"))
    yield case["id"], case["expect"], ambiguous, None
    for scenario in case.get("scenarios", []):
        yield scenario_key(case["id"], scenario["name"]), scenario["expect"], ambiguous, scenario["patch"]


def judge(ids: list[str] | None = None, cli: Path = CLI) -> list[Verdict]:
    verdicts, jobs = [], []
    with tempfile.TemporaryDirectory(prefix="corpus-judge-") as folder:
        for n, path in enumerate(case_paths(ids)):
            case = read_case(path)
            nb = Path(folder) / f"{n}.ipynb"
            nb.write_text(json.dumps(notebook(case)), encoding="utf-8")
            for m, (key, expect, ambiguous, patch) in enumerate(items(case)):
                verdict = Verdict(key, expect["rule"], expect["diagnosis"], ambiguous)
                verdicts.append(verdict)
                if "facts" not in case:
                    verdict.problem = "no measured facts (python tests/corpus/measure.py --only-missing)"
                    continue
                facts = case["facts"] if patch is None else deep_merge(case["facts"], patch)
                verdict.cpu_share = cpu_share(facts)
                verdict.contended = contended(expect["diagnosis"], facts)
                facts_path = Path(folder) / f"{n}-{m}.facts.json"
                facts_path.write_text(json.dumps(facts), encoding="utf-8")
                argv = ["advise", str(nb), "--facts", str(facts_path), "--cell", "case", "--json"]
                jobs.append({"key": key, "argv": argv})
        jobs_path = Path(folder) / "jobs.json"
        jobs_path.write_text(json.dumps(jobs), encoding="utf-8")
        done = subprocess.run(
            ["node", str(HERE / "advise_batch.js"), str(cli), str(jobs_path)],
            capture_output=True,
            text=True,
            check=True,
        )
    by_key = {v.key: v for v in verdicts}
    for result in json.loads(done.stdout):
        read_output(by_key[result["key"]], result)
    return verdicts


def read_output(verdict: Verdict, result: dict) -> None:
    if result["code"] != 0:
        verdict.problem = f"the CLI exited {result['code']}: {result['stderr'].strip()[:300]}"
        return
    cell = next(c for c in json.loads(result["stdout"])["cells"] if c["id"] == "case")
    verdict.cards = [card["rule"] for card in cell["advice"]]
    verdict.got = verdict.cards[0] if verdict.cards else None
    diagnosis = cell.get("diagnosis")
    if isinstance(diagnosis, dict):
        verdict.diagnosis = diagnosis.get("kind")


def accuracy(verdicts: list[Verdict]) -> float:
    return sum(v.correct for v in verdicts) / len(verdicts) if verdicts else 0.0


def label(rule: str | None) -> str:
    return rule or NO_CARD


def table(verdicts: list[Verdict], floor: float | None = None) -> str:
    """Top-1 accuracy per expected label and overall (ambiguous cases also apart), and the
    diagnosis accuracy per expected kind where the CLI gives diagnoses."""
    lines = [f"field corpus: top-1 advice per expected label ({len(verdicts)} cases and scenarios)"]
    lines.append(f"  {'expected':<20} {'cases':>6} {'correct':>8} {'top-1':>7}")
    groups = defaultdict(list)
    for v in verdicts:
        groups[label(v.expected)].append(v)
    for name in sorted(groups, key=lambda g: (g == NO_CARD, g)):
        lines.append(row(name, groups[name]))
    lines.append(row("overall", verdicts))
    lines.append(row("  unambiguous", [v for v in verdicts if not v.ambiguous]))
    lines.append(row("  ambiguous", [v for v in verdicts if v.ambiguous]))
    silent = [v for v in verdicts if v.must_be_silent]
    carded = [v for v in silent if v.cards]
    lines.append(f"  fast and failed cases with a card: {len(carded)} of {len(silent)} (must be 0)")
    crowded = [v for v in verdicts if v.contended]
    if crowded:
        right = sum(v.correct for v in crowded)
        lines.append(
            f"  labelled CPU-bound, facts read as waiting (measured under contention): {len(crowded)}, "
            f"{right} right (measure.py --suspect)"
        )
    ratchet = f"floor {floor:.1%} (tests/corpus/accuracy_floor.txt), " if floor is not None else ""
    lines.append(f"  overall top-1 {accuracy(verdicts):.1%}: {ratchet}target {TARGET:.0%}")
    diagnosed = [v for v in verdicts if v.diagnosis is not None]
    if diagnosed:
        lines.append(f"diagnosis per expected kind ({len(diagnosed)} with a diagnosis from the CLI)")
        kinds = defaultdict(list)
        for v in diagnosed:
            kinds[v.expected_diagnosis].append(v.diagnosis == v.expected_diagnosis)
        for kind in sorted(kinds):
            lines.append(row(kind, kinds[kind]))
        lines.append(row("overall", [v.diagnosis == v.expected_diagnosis for v in diagnosed]))
    else:
        lines.append("diagnosis: the CLI's JSON gives none yet")
    return "\n".join(lines)


def row(name: str, group: list) -> str:
    right = sum(g if isinstance(g, bool) else g.correct for g in group)
    share = f"{right / len(group):.1%}" if group else "-"
    return f"  {name:<20} {len(group):>6} {right:>8} {share:>7}"


def wrong_lines(verdicts: list[Verdict]) -> list[str]:
    return [
        f"  {v.key}: got {label(v.got)}, expected {label(v.expected)}"
        + (f" ({v.problem})" if v.problem else "")
        + (f"; diagnosis {v.diagnosis}, expected {v.expected_diagnosis}" if v.diagnosis else "")
        for v in verdicts
        if not v.correct
    ]


CONTENTION_NOTE = re.compile(r"; facts measured under contention \(CPU \d+% of wall\): re-measure$")


def contention_note(v: Verdict, why: str) -> str:
    """`why` with the note that the facts of a CPU-bound cell read as waiting (measured while other
    work held the cores) as the facts read now: dropped once the case is re-measured."""
    why = CONTENTION_NOTE.sub("", why)
    if v.contended:
        why += f"; facts measured under contention (CPU {v.cpu_share:.0%} of wall): re-measure"
    return why


def draft_why(v: Verdict) -> str:
    """A first why for a new wrong answer, from what was expected and what came."""
    return contention_note(v, mistake(v))


def mistake(v: Verdict) -> str:
    got, want, kind = label(v.got), v.expected, v.expected_diagnosis
    by_expected = {
        "gpu-library": "GPU scenario: {got} instead of the GPU library for this array code (issue 12 class 6)",
        "numba-cuda": "GPU scenario: {got} instead of Numba CUDA for a custom kernel no library has (issue 12 class 6)",
        "multi-node": "node full under a scheduler: {got} instead of the multi-node step (issue 12 class 5)",
        "dask-partition": "data beyond memory: {got} instead of Dask partitions (issue 12 class 4)",
        "gnu-parallel": "external programs or minute-long items: {got} instead of GNU Parallel (issue 12 classes 2, 7)",
        "pathos-pool": "independent items of seconds each: {got} instead of a Pathos pool (issue 12 classes 7, 8)",
        "profile-first": "time spread over many small methods: {got} instead of profile first",
        "consistent-timing": "runs that disagree: {got} instead of timing consistently first",
    }
    if v.got is None and want in ("numpy-vectorise", "numba-jit"):
        return f"a measured {kind}-bound loop gets no card (issue 12 classes 3, 8)"
    if want == "numpy-vectorise":
        return f"{got} where a standard NumPy form exists (issue 12 class 3)"
    if want == "numba-jit":
        return f"{got} for a loop with no practical NumPy form (each step needs the last, or early exits)"
    if want in by_expected:
        return by_expected[want].format(got=got)
    reasons = {
        "native": "compiled code (NumPy, pandas, a Numba kernel) already doing the work (issue 12 class 1)",
        "waiting": "a cell that mostly waits (issue 12 class 2)",
        "all-cores": "a node whose cores are already busy, with no scheduler (issue 12 class 5)",
    }
    return f"{got} offered for {reasons.get(kind, kind)}" if want is None else f"{got} instead of {label(want)}"


def draft_known_wrong(verdicts: list[Verdict], listed: dict) -> dict:
    draft = {}
    for v in verdicts:
        if v.correct or v.problem:
            continue
        kept = v.key in listed and listed[v.key]["got"] == label(v.got)
        why = contention_note(v, listed[v.key]["why"]) if kept else draft_why(v)
        draft[v.key] = {"got": label(v.got), "expected": label(v.expected), "why": why}
    return draft


def main(argv: list[str]) -> int:
    if argv == ["--draft-known-wrong"]:
        listed = json.loads((HERE / "known_wrong.json").read_text(encoding="utf-8"))
        print(json.dumps(draft_known_wrong(judge(), listed), indent=2, ensure_ascii=False))
        return 0
    verdicts = judge(argv or None)
    print(table(verdicts))
    print("\nwrong:")
    print("\n".join(wrong_lines(verdicts)) or "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
