"""The pool templates on the shapes of the field corpus' pool cases (tests/corpus/cases), in a
real kernel with real pathos and GNU Parallel: the inserted cells run after the original cell and
the verify cell says equal=True. Sizes are small so the file runs in about a minute."""

from __future__ import annotations

import json
import shutil

import pytest

import probe_support
import template_support as ts

# hpda-independent-means-list: a comprehension over items that each draw from np.random.
MEANS = """import numpy as np

def calc_mean(i, n):
    return np.mean(np.random.normal(size=n))

n = 200000
rs = [calc_mean(i, n) for i in range(24)]"""

# lvdl-fft-spectrum-per-wav-file: a loop that leaves the last item's tuple bound, the function
# (another cell's) drawing its window with random.randint.
SPECTRA_SETUP = """from random import randint
import numpy as np

signals = {f"s{k}": np.sin(np.arange(200000) * (k + 1) / 50.0) for k in range(12)}

def spectrum(name):
    data = signals[name]
    first = randint(1, 1000)
    window = data[first:first + 100000]
    amplitude = np.abs(np.fft.rfft(window))
    return np.fft.rfftfreq(len(window)), amplitude / amplitude.max()"""
SPECTRA = """names = sorted(signals)

for name in names:
    frequency, amplitude = spectrum(name)"""

# ds-pytudes-correct-tokens-dict: a dict comprehension that is the cell's value.
WORDS_SETUP = """def slow_len(word):
    return sum(len(word * k) for k in range(20000))

words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]"""
WORDS = "{w: slow_len(w) for w in words}"

# mivp-solve-ivp-per-initial-condition: an append of a SciPy call per item, `from numpy import *`.
IVP = """from numpy import *
from scipy.integrate import solve_ivp

def fun(t, xy):
    x, y = xy
    return [-y, x]

y0s = [[cos(th), sin(th)] for th in linspace(0, 2*pi, 40)]
data = []
for y0 in y0s:
    data.append(
        solve_ivp(fun=fun, y0=y0, t_span=[0.0, 10.0], t_eval=linspace(0.0, 10.0, 500), atol=1e-12).y
    )"""

# A program per file whose output the loop keeps (GNU Parallel).
FILES_SETUP = """import os
import tempfile
os.chdir(tempfile.mkdtemp(prefix="pool-templates-"))
for k in range(6):
    with open(f"part{k}.txt", "w") as fh:
        fh.write("word " * (1000 * (k + 1)))
files = sorted(f for f in os.listdir(".") if f.endswith(".txt"))"""
FILES = """import subprocess

counts = []
for f in files:
    counts.append(subprocess.run(["wc", "-w", f], capture_output=True, text=True).stdout)"""

CASES = [
    ("means", "", MEANS, "pathos-pool", "rs = list(mapped)"),
    ("spectra", SPECTRA_SETUP, SPECTRA, "pathos-pool", "frequency, amplitude = mapped[-1]"),
    ("words", WORDS_SETUP, WORDS, "pathos-pool", "dict(zip(item_list, mapped))"),
    ("ivp", "", IVP, "pathos-pool", "data = list(mapped)"),
    ("files", FILES_SETUP, FILES, "gnu-parallel", "parallel_runs = parallel_plan.run_all(n_jobs=_cores)"),
]


@pytest.fixture
def kernel(kernel):
    probe_support.install(kernel)
    return kernel


def notebook(tmp_path, setup: str, source: str):
    cells = ([("setup", setup)] if setup else []) + [("case", source)]
    nb = {"cells": [{"id": cid, "cell_type": "code", "source": src, "metadata": {}, "outputs": [],
                     "execution_count": None} for cid, src in cells],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "case.ipynb"
    path.write_text(json.dumps(nb))
    return path


@pytest.mark.parametrize("name,setup,source,rule,expected", CASES, ids=[c[0] for c in CASES])
def test_pool_template_runs_and_verifies(kernel, tmp_path, name, setup, source, rule, expected):
    if rule == "gnu-parallel" and shutil.which("parallel") is None:
        pytest.skip("GNU Parallel is not installed")
    cells = ts.render(notebook(tmp_path, setup, source), "case", rule)
    template = cells[0]["source"]
    assert expected in template, template
    assert "TO FINISH" not in template, template
    runs = ts.run_cells(kernel, setup or "pass", source, cells)
    equal, speedup, old, new = ts.verify_result(runs[-1].stdout)
    assert equal, runs[-1].stdout
    assert old > 0 and new > 0


def test_items_that_draw_random_numbers_get_their_own_streams(kernel, tmp_path):
    cells = ts.render(notebook(tmp_path, "", MEANS), "case", "pathos-pool")
    ts.run_cells(kernel, "pass", MEANS, cells[:1])
    # Forked workers with one copied state would repeat each other's draws.
    assert kernel.value("len(set(rs))") == "24"


def test_verify_compares_each_sides_own_value_of_the_cell(kernel):
    """The original's last expression is the cell's value: the new code's value is its own last
    expression, not the original's expression evaluated again after the new code ran."""
    out = kernel.execute(
        "import sys\n"
        "sys.modules['_jlab_optimiser_probe'].verify(original='{w: len(w) for w in ws}', "
        "new='{w: -1 for w in ws}', outputs=['{w: len(w) for w in ws}'], namespace={'ws': ['a', 'bb']})"
    )
    assert "verify: equal=False" in out.stdout, out.stdout
