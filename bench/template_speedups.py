"""Template speedups on the demo notebook's compute-bound cells, at full size, in a real kernel.

For each cell: the setup cell and the original cell run, then the template cell and its verify
cell; the verify line gives the best-of-N original and new times. Prints conditions, one row per
cell, and the medians per kind (targets on 2 cores: >= 10x NumPy/Numba, >= 1.7x pools).

Usage: .venv/bin/python bench/template_speedups.py
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import template_support as ts  # noqa: E402
from conftest import _running_kernel  # noqa: E402

CASES = [
    ("series-loop", "numpy-vectorise", "numpy/numba"),
    ("list-arithmetic", "numpy-vectorise", "numpy/numba"),
    ("time-stepping", "numba-jit", "numpy/numba"),
    ("series-loop", "numba-jit", "numpy/numba"),
    ("word-stats", "pathos-pool", "pool"),
    ("external-runs", "gnu-parallel", "pool"),
]


def main() -> None:
    import numpy
    import numba

    cores = len(os.sched_getaffinity(0))
    print(f"conditions: {platform.processor() or platform.machine()}, {cores} usable cores, "
          f"load {os.getloadavg()[0]:.2f}, python {platform.python_version()}, numpy {numpy.__version__}, "
          f"numba {numba.__version__}; full-size cells; best of up to 3 runs (30 s budget), "
          "first numba call and pool start-up excluded by the verify cell's warm-up run")
    ts.build_cli()
    sources = ts.cell_sources(ts.load_notebook())
    cli = ts.advise(ts.NOTEBOOK)
    rows: dict[str, list[float]] = {}
    print(f"{'cell':16} {'rule':16} {'original s':>10} {'template s':>10} {'speedup':>8} equal")
    for cell_id, rule, kind in CASES:
        gen = _running_kernel()
        kernel = next(gen)
        try:
            cells = ts.inserted(ts.NOTEBOOK, cell_id, rule, cli)
            runs = ts.run_cells(kernel, sources["setup"], sources[cell_id], cells, timeout=600)
            equal, speedup, old, new = ts.verify_result(runs[-1].stdout)
        finally:
            gen.close()
        rows.setdefault(kind, []).append(speedup)
        print(f"{cell_id:16} {rule:16} {old:10.3f} {new:10.3f} {speedup:7.1f}x {equal}", flush=True)
    for kind, values in rows.items():
        target = 10 if kind == "numpy/numba" else 1.7
        median = statistics.median(values)
        print(f"median {kind}: {median:.1f}x (target >= {target}x: {'met' if median >= target else 'NOT met'})")


if __name__ == "__main__":
    main()
