"""What the kernel probe costs per execution, measured as the kernel's own busy -> idle window.

Two kernels side by side, one with the probe and one without, executions alternating between them
so that machine noise hits both alike. Prints medians and the ratios.

    .venv/bin/python bench/probe_overhead.py [--trivial 1000] [--numeric 5]
"""

import argparse
import os
import platform
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from jupyter_client.manager import start_new_kernel  # noqa: E402

from conftest import REPO, Kernel  # noqa: E402
from probe_support import install, run_cell  # noqa: E402

TRIVIAL = "x = 1"
NUMERIC = """
_total = 0.0
for _k in range(1, 2_600_000):
    _total += _k ** 0.5
"""


def busy_windows(kernels, code, repeats, cell_id):
    """Alternates the kernels; returns each one's busy -> idle seconds per execution."""
    times = {name: [] for name in kernels}
    for _ in range(repeats):
        for name, kernel in kernels.items():
            out, _ = run_cell(kernel, code, cell_id, until=0, wait=0)
            times[name].append(out.busy_s)
    return times


def report(label, times):
    probed, bare = statistics.median(times["probe"]), statistics.median(times["bare"])
    print(f"{label}: median busy {bare * 1e3:.3f} ms without, {probed * 1e3:.3f} ms with the probe; "
          f"added {(probed - bare) * 1e6:+.0f} us; ratio {probed / bare:.4f}")
    return probed, bare


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trivial", type=int, default=1000)
    parser.add_argument("--numeric", type=int, default=5)
    args = parser.parse_args()

    started = [start_new_kernel(kernel_name="python3", cwd=str(REPO)) for _ in range(2)]
    kernels = {"probe": Kernel(*started[0]), "bare": Kernel(*started[1])}
    try:
        install(kernels["probe"])
        busy_windows(kernels, TRIVIAL, 20, "warm-up")
        print(f"conditions: {platform.python_version()}, {os.cpu_count()} cores, "
              f"{args.trivial} trivial + {args.numeric} numeric executions per kernel, alternating")
        report(f"trivial cell ({TRIVIAL!r})", busy_windows(kernels, TRIVIAL, args.trivial, "trivial"))
        report("1 s numeric cell", busy_windows(kernels, NUMERIC, args.numeric, "numeric"))
    finally:
        for km, kc in started:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
