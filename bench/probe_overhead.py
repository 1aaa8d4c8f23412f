"""What the kernel probe costs per execution, measured as the kernel's own busy -> idle window.

Two kernels side by side, executions alternating between them so that machine noise hits both
alike. The probe moves between them block by block (installed and removed with the very requests
the front end sends): kernel A probed, then kernel B probed, then neither (the noise floor: what
"added" reads when nothing was added). Swapping cancels what differs between the two kernel
processes themselves, which on a shared machine can be larger than the probe's cost.

    .venv/bin/python bench/probe_overhead.py [--trivial 1000] [--numeric 30] [--no-pin]

Targets (issue 3): at most 100 us added per trivial execution; ratio <= 1.01 on a 1 s cell.

Load-robust figures come with the busy windows: the main-thread CPU time inside each window, the
hooks timed where they run, and where the probe's record messages went out (inside a busy window,
or between requests as designed). Both kernels' main threads share one core (they never run at
the same time) and this process takes the others, so no cell is moved between cores halfway.

The 1 s cell also times its own code from inside. On a shared virtual machine the speed of the
same code drifts by 10-30% from one second to the next, far more than the 1% the target allows,
so the whole-window ratio comes with a 95% bootstrap interval; where that interval is wider than
the target's margin, the target is judged on the ratio rebuilt from what the probe adds around
the cell's code (the window less the code's own time: hooks, messages), which the drift does not
scale. The probe runs nothing while the user's code runs (no tracing; under ipykernel no thread of
its own either), so that is all it can add; the "cell's own code" line shows the with/without
comparison of the code itself.
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from jupyter_client.manager import start_new_kernel  # noqa: E402

from conftest import REPO, Kernel  # noqa: E402
from probe_support import SILENT, install, send_cell, uninstall_code  # noqa: E402

TRIVIAL = "x = 1"
NUMERIC = """
_total = 0.0
for _k in range({n}):
    _total += _k ** 0.5
"""
# The numeric cell as the benchmark runs it: the cell's own code timed from inside, so that what
# the kernel adds around it (the probe's hooks among that) can be told apart from the code's time,
# which on a shared virtual machine drifts by several percent from one second to the next.
TIMED = """_t0 = __import__("time").perf_counter()
{code}
_bench_inner.append(__import__("time").perf_counter() - _t0)"""
BLOCK = 50  # trivial executions per kernel between two moves of the probe
MEASURES = (0, 1, 2, 3)
TARGET_ADDED_S = 100e-6
TARGET_RATIO = 1.01

# The probe's two hooks timed where they run, inside real executions (thread CPU time, so waiting
# for a core does not count): caches are cold there, so this is more than a tight loop would say.
HOOKS = """
import sys as _s, time as _t
_pr = _s.modules["_jlab_optimiser_probe"].probe
_hook_ns = {"pre_run_cell": [], "post_run_cell": []}
def _timed(hook, spent):
    def timed(arg):
        t = _t.thread_time_ns()
        hook(arg)
        spent.append(_t.thread_time_ns() - t)
    return timed
_hook_wrappers = {}
for _event in _hook_ns:
    _hook = getattr(_pr, _event)
    _pr.shell.events.unregister(_event, _hook)
    _hook_wrappers[_event] = _timed(_hook, _hook_ns[_event])
    _pr.shell.events.register(_event, _hook_wrappers[_event])
"""
UNHOOK = "for _e, _w in _hook_wrappers.items(): get_ipython().events.unregister(_e, _w)"

# Main-thread CPU time inside each execution's busy window (thread_time, which does not run while
# the thread waits for a core): the work the probe adds there, with less of the machine's noise.
WINDOW_CPU = """
import time as _t
_bk = get_ipython().kernel
_bench_cpu, _bench_inner, _bench_mark = [], [], {}
def _bench_publish(status, channel, parent=None, _publish=_bk._publish_status):
    request = _bk.get_parent("shell")
    if channel == "shell" and request.get("msg_type") == "execute_request" and not request["content"].get("silent"):
        if status == "busy":
            _bench_mark["t"] = _t.thread_time_ns()
        elif status == "idle" and "t" in _bench_mark:
            _bench_cpu.append((_t.thread_time_ns() - _bench_mark.pop("t")) / 1e9)
    return _publish(status, channel, parent)
_bk._publish_status = _bench_publish
"""

# Notes when each batch of records goes out, on the clock the kernel stamps its messages with.
LOG_SENDS = """
import datetime as _dt, sys as _s
_pr = _s.modules["_jlab_optimiser_probe"].probe
_deliver = _pr.sender.deliver
def _logged(runs, _deliver=_deliver):
    _bench_sends.append(_dt.datetime.now(_dt.timezone.utc).isoformat())
    _deliver(runs)
_pr.sender.deliver = _logged
"""


class Pair:
    """Kernels A and B, the probe in at most one of them, and the busy windows of probed runs."""

    def __init__(self, kernels):
        self.kernels = kernels
        self.probed = None
        self.turn = 0
        self.windows = {name: [] for name in kernels}

    def move_probe(self, to):
        """Installs and removes the probe with the front end's own requests."""
        if self.probed == to:
            return
        if self.probed is not None:
            self.kernels[self.probed].execute(uninstall_code(), **SILENT)
        if to is not None:
            install(self.kernels[to])
            self.kernels[to].execute(LOG_SENDS, **SILENT)
        self.probed = to

    def run(self, code, pairs):
        """`pairs` executions on each kernel, alternating, who goes first alternating too.
        Returns one row per pair: {kernel: (wall busy window, main-thread CPU in it, the window
        less the cell's own code where the cell times it, else the window)}."""
        for kernel in self.kernels.values():
            kernel.execute("_bench_cpu.clear(); _bench_inner.clear()", **SILENT)
        walls = {name: [] for name in self.kernels}
        for _ in range(pairs):
            self.turn += 1  # counted across calls, so one-pair blocks alternate too
            for name in ("A", "B") if self.turn % 2 == 0 else ("B", "A"):
                out = self.kernels[name].collect(send_cell(self.kernels[name], code, "bench"))
                walls[name].append(out.busy_s)
                if name == self.probed:
                    self.windows[name].append((out.busy_at, out.idle_at))
        cpus = {name: eval(kernel.value("_bench_cpu")) for name, kernel in self.kernels.items()}
        inner = {name: eval(kernel.value("_bench_inner")) or [0.0] * pairs for name, kernel in self.kernels.items()}
        return [{name: (walls[name][i], cpus[name][i], walls[name][i] - inner[name][i], inner[name][i])
                 for name in self.kernels} for i in range(pairs)]

    def sends(self):
        """(batches of records sent, how many of them inside a probed execution's busy window)."""
        total = inside = 0
        for name, kernel in self.kernels.items():
            stamps = [datetime.datetime.fromisoformat(s) for s in eval(kernel.value("_bench_sends"))]
            total += len(stamps)
            inside += sum(any(b <= s <= i for b, i in self.windows[name]) for s in stamps)
        return total, inside


def series(pair, code, pairs, block):
    """Blocks cycling through: A probed, B probed, neither. Returns, for each measure of a row
    (see Pair.run), the paired differences and ratios probed - bare, and the same for the unprobed
    blocks (the noise floor)."""
    result = {measure: {"added": [], "ratios": [], "floor": [], "floor_ratios": []} for measure in MEASURES}
    result["inner"] = []  # every execution's own code time, probed or not
    done, b = 0, 0
    while done < pairs or b % 3:
        probed = ("A", "B", None)[b % 3]
        pair.move_probe(probed)
        n = min(block, pairs - done) if probed else block
        if probed:
            first, second, kind = probed, "B" if probed == "A" else "A", ""
        else:  # A - B, then B - A: the two kernels' own difference cancels
            first, second, kind = ("A", "B") if (b // 3) % 2 == 0 else ("B", "A"), None, "floor"
            first, second = first
        for row in pair.run(code, n):
            result["inner"].extend(row[name][3] for name in row)
            for measure in MEASURES:
                x, y = row[first][measure], row[second][measure]
                result[measure]["floor" if kind else "added"].append(x - y)
                result[measure]["floor_ratios" if kind else "ratios"].append(x / y if y else 1.0)
        done += n if probed else 0
        b += 1
    return result


def pin(kernels):
    """Both kernels' main threads (the ones that run cells) on one core, this process and the
    kernels' other threads on the rest: executions alternate, so the kernels never compete, and
    the scheduler cannot move a cell between cores halfway through. Returns what was done."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        return "not pinned (one core)"
    for kernel in kernels.values():
        os.sched_setaffinity(kernel.km.provisioner.pid, {cores[-1]})  # the main thread only
    os.sched_setaffinity(0, set(cores[:-1]))
    return f"kernels' main threads pinned to core {cores[-1]}, the rest on {cores[:-1]}"


def calibrate(kernel, seconds=1.0):
    """A loop count that keeps the numeric cell busy for about `seconds` of CPU time (measured in
    the kernel, so a busy machine does not shrink the cell)."""
    n = 200_000
    while True:
        code = f"_c0 = __import__('time').process_time()\n{NUMERIC.format(n=n)}\n"
        kernel.execute(code + "_took = __import__('time').process_time() - _c0")
        took = float(kernel.value("_took"))
        if took > 0.2:
            return int(n * seconds / took)
        n *= 4


def median_ci(values, rounds=2000):
    """A 95% bootstrap interval for the median (fixed seed: the same data gives the same interval)."""
    rng = random.Random(0)
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(rounds))
    return medians[int(0.025 * rounds)], medians[int(0.975 * rounds) - 1]


def report(label, result, timed_inside=False):
    """Prints the medians; returns (added s, ratio, its 95% interval) for the busy window and,
    for a cell that times its own code, the ratio rebuilt from the time added around that code
    with its interval (else None)."""
    print(f"{label}: {len(result[0]['added'])} probed executions, each paired with a bare one next to it")
    lines = [(0, "busy -> idle window"), (1, "main-thread CPU in it")]
    if timed_inside:
        lines += [(2, "window less cell code"), (3, "the cell's own code")]
    for measure, what in lines:
        r = result[measure]
        print(f"  {what:22}: with the probe {statistics.median(r['added']) * 1e6:+8.1f} us "
              f"(ratio {statistics.median(r['ratios']):.4f}); noise floor "
              f"{statistics.median(r['floor']) * 1e6:+8.1f} us (ratio {statistics.median(r['floor_ratios']):.4f})")
    added = statistics.median(result[0]["added"])
    ratio = statistics.median(result[0]["ratios"])
    interval = median_ci(result[0]["ratios"])
    if timed_inside:
        inner = statistics.median(result["inner"])
        around = statistics.median(result[2]["added"])
        low, high = median_ci(result[2]["added"])
        spread = statistics.quantiles(result["inner"], n=10)
        print(f"  the cell's own code took {inner:.3f} s (median; 10th-90th percentile "
              f"{spread[0]:.3f}-{spread[-1]:.3f} s): the probe adds {around * 1e6:+.1f} us around it "
              f"(95% interval {low * 1e6:+.1f} to {high * 1e6:+.1f} us), a ratio of {1 + around / inner:.4f}")
        return added, ratio, interval, (1 + around / inner, (1 + low / inner, 1 + high / inner))
    return added, ratio, interval, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trivial", type=int, default=1000)
    parser.add_argument("--numeric", type=int, default=30)
    parser.add_argument("--no-pin", dest="pin", action="store_false",
                        help="leave the kernels and this process where the OS schedules them")
    args = parser.parse_args()

    started = [start_new_kernel(kernel_name="python3", cwd=str(REPO)) for _ in range(2)]
    kernels = {name: Kernel(*pair) for name, pair in zip("AB", started)}
    pinned = pin(kernels) if args.pin else "not pinned"
    try:
        for kernel in kernels.values():
            kernel.execute("_bench_sends = []\n" + WINDOW_CPU, **SILENT)
        install(kernels["A"])
        kernels["A"].execute(HOOKS, **SILENT)
        for _ in range(args.trivial // 2):
            kernels["A"].collect(send_cell(kernels["A"], TRIVIAL, "hooks"))
        hook_ns = eval(kernels["A"].value("_hook_ns"))
        hooks_s = sum(statistics.median(spent) for spent in hook_ns.values()) / 1e9
        kernels["A"].execute(uninstall_code(), **SILENT)
        kernels["A"].execute(UNHOOK, **SILENT)
        numeric = NUMERIC.format(n=calibrate(kernels["B"]))
        print(f"conditions: Python {platform.python_version()}, {os.cpu_count()} cores, load "
              f"{os.getloadavg()[0]:.1f}; {args.trivial} trivial and {args.numeric} numeric executions "
              f"with the probe, as many without, alternating; {pinned}")
        print(f"hooks (pre_run_cell + post_run_cell) timed inside {args.trivial // 2} trivial executions: "
              f"{hooks_s * 1e6:.1f} us (median thread CPU)")
        pair = Pair(kernels)
        series(pair, TRIVIAL, 2 * BLOCK, BLOCK)  # warm-up
        added, _, _, _ = report(f"trivial cell ({TRIVIAL!r})", series(pair, TRIVIAL, args.trivial, BLOCK))
        _, direct, (low, high), (rebuilt, rebuilt_interval) = report("numeric cell (~1 s of CPU)", series(pair, TIMED.format(code=numeric), args.numeric, 1),
                                  timed_inside=True)
        # The whole-window ratio decides only when its interval is narrower than the target's
        # margin; on a machine whose speed drifts it is not, and the rebuilt ratio decides.
        noisy = (high - low) / 2 > TARGET_RATIO - 1
        ratio = rebuilt if noisy else direct
        pair.move_probe(None)
        total, inside = pair.sends()
        print(f"record messages: {total} batches sent, {inside} of them inside a probed execution's busy window")
        print(f"whole-window ratio {direct:.4f} (95% interval {low:.4f}-{high:.4f}): "
              + ("too wide here to tell 1% apart, so the target is judged on the ratio rebuilt from the time "
                 f"the probe adds around the cell's code, {rebuilt:.4f} (95% interval "
                 f"{rebuilt_interval[0]:.4f}-{rebuilt_interval[1]:.4f})" if noisy else "narrow enough to judge the target on"))
        print(f"targets: added {added * 1e6:.1f} us <= {TARGET_ADDED_S * 1e6:.0f} us: "
              f"{'met' if added <= TARGET_ADDED_S else 'NOT met'}; "
              f"ratio {ratio:.4f} <= {TARGET_RATIO}: {'met' if ratio <= TARGET_RATIO else 'NOT met'}")
    finally:
        for km, kc in started:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
