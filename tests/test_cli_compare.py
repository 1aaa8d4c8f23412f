"""`jupyter optimiser compare`: crafted facts files with cells that got slower, faster, stayed,
stopped running, appeared and went away."""

import copy
import json
import subprocess
import sys

import pytest

from conftest import REPO

TEMPLATE = json.loads((REPO / "examples" / "slow-cells.facts.json").read_text())


def run(wall_s: float, ok: bool = True) -> dict:
    record = {
        "wall_s": wall_s,
        "cpu_s": wall_s,
        "children_cpu_s": 0.0,
        "peak_rss_delta_bytes": 0,
        "imported": [],
        "ok": ok,
    }
    return record if ok else {**record, "error": "ValueError: no"}


def facts_file(path, runs: dict) -> str:
    document = copy.deepcopy(TEMPLATE)
    document["runs"] = runs
    path.write_text(json.dumps(document))
    return str(path)


def optimiser(*args):
    return subprocess.run(
        [sys.executable, "-m", "jupyterlab_optimiser", "compare", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )


BASELINE = {
    "slower": [run(1.0), run(1.1), run(0.9), run(30.0, ok=False)],  # median of the successful: 1.0
    "faster": [run(2.0)],
    "steady": [run(1.0)],
    "breaks": [run(1.0)],
    "tiny": [run(0.001)],
    "gone": [run(0.5)],
}
CURRENT = {
    "slower": [run(1.4), run(1.6), run(1.5)],
    "faster": [run(1.0), run(1.2)],
    "steady": [run(1.15)],
    "breaks": [run(0.1, ok=False)],
    "tiny": [run(0.01)],  # ten times slower, but 9 ms: under --min-seconds
    "added": [run(3.0)],
}


def test_slower_faster_new_removed_and_failing_cells(tmp_path):
    done = optimiser(facts_file(tmp_path / "b.json", BASELINE), facts_file(tmp_path / "c.json", CURRENT), "--json")
    assert done.returncode == 3, done.stderr
    result = json.loads(done.stdout)
    assert [c["cell"] for c in result["slower"]] == ["slower"]
    assert result["slower"][0] == {"cell": "slower", "baseline_s": 1.0, "current_s": 1.5, "ratio": 1.5}
    assert [c["cell"] for c in result["faster"]] == ["faster"] and result["faster"][0]["current_s"] == 1.1
    assert [c["cell"] for c in result["unchanged"]] == ["steady", "tiny"]
    assert [c["cell"] for c in result["failing"]] == ["breaks"]
    assert result["new"] == ["added"] and result["removed"] == ["gone"]
    assert result["tolerance"] == 0.2


def test_the_report_for_people(tmp_path):
    done = optimiser(facts_file(tmp_path / "b.json", BASELINE), facts_file(tmp_path / "c.json", CURRENT))
    lines = done.stdout.splitlines()
    assert "5 cells compared" in lines[0] and "tolerance 20%" in lines[0]
    assert lines[1:] == [
        "slower: 1",
        "  slower: 1.00 s -> 1.50 s (+50%)",
        "faster: 1",
        "  faster: 2.00 s -> 1.10 s (-45%)",
        "no successful run now: 1",
        "  breaks: 1.00 s before",
        "new: added",
        "removed: gone",
    ]


def test_exit_0_when_nothing_is_slower_and_the_tolerance_decides(tmp_path):
    baseline = facts_file(tmp_path / "b.json", {k: v for k, v in BASELINE.items() if k != "breaks"})
    current = facts_file(tmp_path / "c.json", {k: v for k, v in CURRENT.items() if k != "breaks"})
    assert optimiser(baseline, current).returncode == 3
    done = optimiser(baseline, current, "--tolerance", "0.6", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["slower"] == []
    assert optimiser(current, current).returncode == 0


@pytest.mark.parametrize(
    "text, message",
    [
        ("{", "is not JSON"),
        (
            json.dumps({**TEMPLATE, "runs": {"a": [run(-1.0)]}}),
            "is not facts version 1: runs.a[0].wall_s: -1.0 is less",
        ),
        (json.dumps({**TEMPLATE, "version": 2}), "is not facts version 1: version"),
        (json.dumps({**TEMPLATE, "runs": {"a": [run(1.0)]}}).replace("1.0", "1e400", 1), "is beyond a double"),
        (json.dumps({**TEMPLATE, "runs": {"a": [run(1.0)]}}).replace("1.0", "NaN", 1), "NaN is not a JSON number"),
    ],
)
def test_bad_facts_get_one_line_and_code_2(tmp_path, text, message):
    (tmp_path / "bad.json").write_text(text)
    good = facts_file(tmp_path / "good.json", BASELINE)
    done = optimiser(good, tmp_path / "bad.json")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_bad_usage_gets_code_2(tmp_path):
    good = facts_file(tmp_path / "good.json", BASELINE)
    for args in ([good], [good, tmp_path / "missing.json"], [good, good, "--tolerance", "-0.1"]):
        done = optimiser(*args)
        assert done.returncode == 2 and done.stderr.count("\n") == 1, (args, done.stderr)
