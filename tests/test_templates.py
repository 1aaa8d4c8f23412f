"""Every rule's template on the demo notebook's cells, in a real kernel: the inserted cells run
without error and the verify cell says equal=True. Cells are shrunk (integer literals of 100_000
and more divided by SHRINK, found through Python's syntax tree) to keep the file short."""

from __future__ import annotations

import json

import pytest

import probe_support
import template_support as ts

SHRINK = 20

# (cell id, rule, pool library): the demo's intended rule for each slow cell, then every other
# rule on a cell it fits (GPU rules run their NumPy / CPU fallback here).
CASES = [
    ("series-loop", "numpy-vectorise", "pathos"),
    ("list-arithmetic", "numpy-vectorise", "pathos"),
    ("time-stepping", "numba-jit", "pathos"),
    ("word-stats", "pathos-pool", "pathos"),
    ("external-runs", "gnu-parallel", "pathos"),
    ("big-array", "dask-partition", "pathos"),
    ("series-loop", "numba-jit", "pathos"),
    ("word-stats", "pathos-pool", "concurrent.futures"),
    ("word-stats", "pathos-pool", "joblib"),
    ("time-stepping", "compiled-extension", "pathos"),
    ("list-arithmetic", "gpu-library", "pathos"),
    ("series-loop", "numba-cuda", "pathos"),
    ("big-array", "multi-node", "pathos"),
]


@pytest.fixture
def kernel(kernel):
    """A fresh kernel with the probe installed as the front end installs it: the verify cells
    call the harness it brings (src/kernel/verify.py)."""
    probe_support.install(kernel)
    return kernel


@pytest.fixture(scope="module")
def shrunk(tmp_path_factory):
    ts.build_cli()
    path = ts.shrunk_notebook(SHRINK, tmp_path_factory.mktemp("nb"))
    return path, ts.cell_sources(ts.load_notebook(path)), ts.advise(path)


@pytest.mark.parametrize("cell_id,rule,pool", CASES)
def test_template_runs_and_verifies(kernel, shrunk, cell_id, rule, pool):
    path, sources, cli = shrunk
    cells = ts.inserted(path, cell_id, rule, cli, pool)
    assert any(c["cell_type"] == "code" for c in cells)
    runs = ts.run_cells(kernel, sources["setup"], sources[cell_id], cells)
    equal, speedup, old, new = ts.verify_result(runs[-1].stdout)
    assert equal, runs[-1].stdout
    assert old > 0 and new > 0 and speedup > 0


def test_cli_offers_the_intended_rule_with_its_cells(shrunk):
    path, _, _ = shrunk
    # Measured: a cell that never ran gets a card only when its code alone shows heavy work.
    full = ts.advise(ts.NOTEBOOK, ts.NOTEBOOK.with_suffix(".facts.json"))
    for cell_id, rule in [("series-loop", "numpy-vectorise"), ("time-stepping", "numba-jit"),
                          ("word-stats", "pathos-pool"), ("external-runs", "gnu-parallel")]:
        assert rule in full[cell_id], (cell_id, full[cell_id].keys())
        sources = [c["source"] for c in full[cell_id][rule]]
        assert any("verify: equal=" in s for s in sources)


def test_profile_first_lists_the_slow_function(kernel, shrunk):
    path, sources, cli = shrunk
    cells = ts.inserted(path, "pipeline", "profile-first", cli)
    runs = ts.run_cells(kernel, sources["setup"], sources["pipeline"], cells)
    line = next(l for l in runs[2].stdout.splitlines() if l.startswith("profile:"))
    assert "enrich" in line
    # line_profiler's report shows the source of each line it timed, not blanks
    assert 'row["score"] = sum(math.log1p(row["value"] * w) for w in range(1, 12))' in runs[3].stdout
    assert kernel.value("report['count']") == kernel.value("len(rows)")


def test_consistent_timing_reports_spread(kernel, shrunk):
    path, sources, _ = shrunk
    cells = ts.render(path, "series-loop", "consistent-timing")
    runs = ts.run_cells(kernel, sources["setup"], sources["series-loop"], cells)
    assert "cv=" in runs[-1].stdout and "timing: runs=" in runs[-1].stdout


def test_compiled_extension_binds_the_compiled_function(kernel, shrunk):
    path, sources, _ = shrunk
    cells = ts.render(path, "time-stepping", "compiled-extension")
    runs = ts.run_cells(kernel, sources["setup"], sources["time-stepping"], cells)
    assert kernel.value("type(simulate).__name__") == "'cython_function_or_method'"
    assert ts.verify_result(runs[-1].stdout)[0]


# Makes `import Cython` (and find_spec) fail in the kernel, as on a machine without it.
HIDE_CYTHON = """
import sys as _sys
class _NoCython:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "Cython":
            raise ModuleNotFoundError(name)
_sys.meta_path.insert(0, _NoCython())
for _name in [m for m in _sys.modules if m.split(".")[0] == "Cython"]:
    del _sys.modules[_name]
"""


def test_compiled_extension_keeps_python_without_cython(kernel, shrunk):
    path, sources, _ = shrunk
    cells = ts.render(path, "time-stepping", "compiled-extension")
    kernel.execute(HIDE_CYTHON)
    runs = ts.run_cells(kernel, sources["setup"], sources["time-stepping"], cells)
    assert "Cython is not installed: pip install cython" in runs[2].stdout
    assert kernel.value("type(simulate).__name__") == "'function'"
    assert ts.verify_result(runs[-1].stdout)[0]


def test_verify_leaves_the_namespace_alone(kernel, shrunk):
    path, sources, _ = shrunk
    cells = ts.render(path, "list-arithmetic", "numpy-vectorise")
    ts.run_cells(kernel, sources["setup"], sources["list-arithmetic"], cells[:1])
    before = kernel.value("sorted(k for k in globals() if not k.startswith('_'))")
    kernel.execute("_ = 'mine'")
    ts.run_cells(kernel, "", "", cells[1:])
    assert kernel.value("sorted(k for k in globals() if not k.startswith('_'))") == before
    assert kernel.value("_") == "'mine'"
    assert kernel.value("type(speeds).__name__") == "'ndarray'"


FUNCTION_CELL = '''def transform(xs, scale):
    out = []
    for x in xs:
        out.append(math.sqrt(x) * scale + 1.0)
    return out


values = [i * 0.5 for i in range(200_000)]
result = transform(values, 3.0)
'''


def test_numpy_vectorise_rewrites_a_function_the_cell_defines(kernel, tmp_path):
    nb = {"cells": [{"id": cid, "cell_type": "code", "source": src, "metadata": {}, "outputs": [],
                     "execution_count": None} for cid, src in (("setup", "import math\n"), ("fn", FUNCTION_CELL))],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "function.ipynb"
    path.write_text(json.dumps(nb))
    cells = ts.render(path, "fn", "numpy-vectorise")
    assert "out = np.sqrt(xs_arr) * scale + 1.0" in cells[0]["source"]
    runs = ts.run_cells(kernel, "import math", FUNCTION_CELL, cells)
    assert ts.verify_result(runs[-1].stdout)[0], runs[-1].stdout
    assert kernel.value("type(transform(values, 3.0)).__name__") == "'ndarray'"


def test_multi_node_falls_back_to_this_machine_without_the_submit_command(kernel, shrunk, tmp_path):
    path, sources, _ = shrunk
    facts = json.loads((ts.REPO / "examples" / "slow-cells.facts.json").read_text())
    facts["machine"]["scheduler"] = "slurm"
    facts_path = tmp_path / "slurm.facts.json"
    facts_path.write_text(json.dumps(facts))
    cells = ts.render(path, "big-array", "multi-node", facts=facts_path)
    assert "from dask_jobqueue import SLURMCluster" in cells[0]["source"]
    runs = ts.run_cells(kernel, sources["setup"], sources["big-array"], cells)
    assert "sbatch is not on this machine's PATH" in runs[2].stdout
    assert ts.verify_result(runs[-1].stdout)[0]


def test_gnu_parallel_runs_planned_commands_as_subprocess_would(kernel, shrunk):
    path, sources, cli = shrunk
    cells = ts.inserted(path, "external-runs", "gnu-parallel", cli)
    ts.run_cells(kernel, sources["setup"], sources["external-runs"], cells[:1])
    out = kernel.execute(
        "plan = ParallelPlan()\n"
        "words = ['a b', \"c'd\", '$HOME', 'e']\n"
        "for w in words:\n"
        "    plan.run(['echo', 'item ' + w], capture_output=True, text=True)\n"
        "plan.call('exit 3', shell=True)\n"
        "plan.check_output(['cat'], input=b'fed in')\n"
        "runs = plan.run_all(n_jobs=2)\n"
        "print([runs.run(['echo', 'item ' + w], capture_output=True, text=True).stdout for w in words],\n"
        "      runs.call('exit 3', shell=True), runs.check_output(['cat'], input=b'fed in'))"
    )
    assert out.error is None, out.error
    assert out.stdout.strip() == (
        "['item a b\\n', \"item c'd\\n\", 'item $HOME\\n', 'item e\\n'] 3 b'fed in'"
    )
    # A command the second loop asks for that the first did not plan is an error, not a wrong result.
    out = kernel.execute("plan = ParallelPlan()\nplan.run(['true'])\nplan.run_all(1).run(['false'])")
    assert out.error is not None and "command changed" in out.error["evalue"]


def test_compiled_extension_says_so_when_the_build_fails(kernel, shrunk, tmp_path):
    path, sources, _ = shrunk
    cells = ts.render(path, "time-stepping", "compiled-extension")
    # An empty build cache (so the magic really compiles) and a C compiler that always fails.
    kernel.execute(f"import os; os.environ['XDG_CACHE_HOME'] = {str(tmp_path)!r}; os.environ['CC'] = 'false'")
    runs = ts.run_cells(kernel, sources["setup"], sources["time-stepping"], cells)
    assert "Cython could not compile simulate" in runs[2].stdout
    assert kernel.value("type(simulate).__name__") == "'function'"
    assert ts.verify_result(runs[-1].stdout)[0]
