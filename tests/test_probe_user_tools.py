"""The user's own profilers, timers and kernel habits give the same output with the probe (whose
sampler runs during these cells: each lasts longer than the profile's start delay) as without.
Times differ from run to run, so they are masked; counts, names, lines and shapes are compared."""

import re

import pytest

from probe_support import install, run_cell

WORK = (
    "def work(n):\n"
    "    total = 0\n"
    "    for i in range(n):\n"
    "        total += i % 7\n"
    "    return total\n"
)
NUMBER = re.compile(r"\d+(\.\d+)?(e[-+]?\d+)?")


def shown(out):
    """What the user sees: stdout, stderr and pager text (ipykernel sends %prun/%lprun there)."""
    pages = [p.get("data", {}).get("text/plain", "") for p in out.reply.get("payload", [])]
    return out.stdout + out.stderr + "".join(pages)


def without_times(text, columns=None):
    """The text with every number masked, except in `columns` (whitespace-split positions) of
    table rows, which keep counts such as ncalls and hits."""
    rows = []
    for row in text.splitlines():
        fields = row.split()
        if columns and len(fields) > max(columns) and all(NUMBER.fullmatch(fields[c].split("/")[0]) for c in columns):
            kept = [fields[c] for c in columns]
            rows.append(" ".join(kept + [NUMBER.sub("N", " ".join(f for i, f in enumerate(fields) if i not in columns))]))
        else:
            rows.append(NUMBER.sub("N", row))
    return "\n".join(rows)


def both(kernel, control_kernel, cells):
    """Runs the same cells in a probed and a bare kernel; returns the last cell's two outputs."""
    install(kernel)
    for k in (kernel, control_kernel):
        for i, code in enumerate(cells):
            out, _ = run_cell(k, code, f"cell-{i}", until=0, wait=0)
            assert out.status == "ok", out.error
        yield shown(out)


def test_prun_counts_the_same_calls(kernel, control_kernel):
    probed, bare = both(kernel, control_kernel, [WORK, "%prun -s ncalls work(3_000_000)"])
    assert "function calls in" in probed
    # ncalls (column 0) and the function column stay; tottime, percall, cumtime are masked. Rows
    # with equal ncalls come in time order, so the rows are compared as a set.
    assert sorted(without_times(probed, columns=[0]).splitlines()) == sorted(without_times(bare, columns=[0]).splitlines())
    assert "_jlab" not in probed and "jupyterlab_optimiser" not in probed


def test_cprofile_counts_the_same_calls(kernel, control_kernel):
    code = "import cProfile\ncProfile.run('work(3_000_000)', sort='ncalls')"
    probed, bare = both(kernel, control_kernel, [WORK, code])
    assert "work" in probed
    assert sorted(without_times(probed, columns=[0]).splitlines()) == sorted(without_times(bare, columns=[0]).splitlines())


def test_lprun_counts_the_same_hits(kernel, control_kernel):
    pytest.importorskip("line_profiler")
    cells = [WORK, "%load_ext line_profiler", "%lprun -f work work(1_000_000)"]
    probed, bare = both(kernel, control_kernel, cells)
    assert "total += i % 7" in probed
    # Line number and hits (columns 0 and 1) stay on the rows that have them.
    assert without_times(probed, columns=[0, 1]) == without_times(bare, columns=[0, 1])


def test_timeit_prints_the_same_shape(kernel, control_kernel):
    probed, bare = both(kernel, control_kernel, [WORK, "%%timeit -n 3 -r 3\nwork(300_000)"])
    assert "per loop (mean ± std. dev. of 3 runs, 3 loops each)" in probed
    # The unit follows the time (ms in one kernel, µs in the other): masked with it.
    unit = re.compile(r"\d+(\.\d+)? (ns|µs|μs|us|ms|s)\b")
    assert without_times(unit.sub("T", probed)) == without_times(unit.sub("T", bare))


def test_reset_leaves_the_probe_measuring(kernel, control_kernel):
    install(kernel)
    for k in (kernel, control_kernel):
        out, _ = run_cell(k, "a = 1\n%reset -f\nb = 2", "reset", until=0, wait=0)
        assert out.status == "ok"
    names = "sorted(k for k in globals() if not k.startswith('_'))"
    assert kernel.value(names) == control_kernel.value(names)
    # The reset cell's own record may arrive with this one (its wait above was 0 s).
    _, runs = run_cell(kernel, "import time\ntime.sleep(0.2)", "after-reset")
    (run,) = [r for r in runs if r["cell_id"] == "after-reset"]
    assert "profile" in run["record"]


def test_top_level_await_and_signals_behave_as_without(kernel, control_kernel):
    """asyncio at the top level of a cell, and the user's own SIGALRM handler (the probe uses
    no signal), print the same in both kernels."""
    cells = [
        "import asyncio\nawait asyncio.sleep(0.3)\nprint('awaited')",
        "import signal, time\n"
        "signal.signal(signal.SIGALRM, lambda *a: print('alarm'))\n"
        "signal.setitimer(signal.ITIMER_REAL, 0.15)\n"
        "time.sleep(0.4)\nprint('slept')",
    ]
    probed, bare = both(kernel, control_kernel, cells)
    assert probed == bare == "alarm\nslept\n"


def test_fork_and_spawn_pools_give_the_same_results(kernel, control_kernel):
    code = (
        "import multiprocessing as mp\n"
        "results = []\n"
        "for method in ('fork', 'spawn'):\n"
        "    with mp.get_context(method).Pool(2) as pool:\n"
        "        results.append(pool.map(abs, range(-5, 5)))\n"
        "print(results)"
    )
    probed, bare = both(kernel, control_kernel, [code])
    assert probed == bare == "[[5, 4, 3, 2, 1, 0, 1, 2, 3, 4], [5, 4, 3, 2, 1, 0, 1, 2, 3, 4]]\n"
