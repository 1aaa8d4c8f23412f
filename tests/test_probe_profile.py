"""The always-on line profile (issue 11) in a real ipykernel, the probe installed as the front end
installs it: which line the time went to, and whether it was Python, native code or waiting."""

import json
import os
import subprocess
import sys
import time

import jsonschema
import pytest

from conftest import REPO
from probe_support import SILENT, install, probe_messages, records, run_cell, send_cell

SCHEMA = json.loads((REPO / "src" / "facts.schema.json").read_text())
RUN = {"$defs": SCHEMA["$defs"], **SCHEMA["$defs"]["run"]}

# The probe thread's own CPU clock, read in the kernel: what the probe does while nobody looks.
PROBE_CPU = (
    "[__import__('time').clock_gettime(__import__('time').pthread_getcpuclockid(t.ident))"
    " for t in __import__('threading').enumerate() if t.name == 'jupyterlab-optimiser-probe'][0]"
)


def profiled(kernel, code, cell_id):
    """Runs a cell; returns its record, checked against the schema, with its profile."""
    out, (run,) = run_cell(kernel, code, cell_id)
    assert out.status == "ok", out.error
    record = run["record"]
    jsonschema.validate(record, RUN)
    assert "profile" in record, record
    return record


def line(profile, cell_id, number):
    (entry,) = [e for e in profile["lines"] if (e["cell_id"], e["line"]) == (cell_id, number)]
    return entry


def total(entry):
    return entry["python_s"] + entry["native_s"] + entry["waiting_s"]


def accounted(profile):
    parts = [*profile["lines"], profile["elsewhere"], profile.get("more_lines")]
    return sum(total(p) for p in parts if p)


def on_cpu_share(entry, kind):
    """The share of a line's time on the CPU that was `kind` (python_s or native_s): unlike shares
    of the wall time, it does not depend on how busy the machine is."""
    return entry[kind] / max(entry["python_s"] + entry["native_s"], 1e-9)


def check_whole(record):
    """The three kinds add up to the run, and samples came once started. The probe asks for 100 a
    second (bench/probe_overhead.py prints the rate it got); on this shared 2-core machine the
    sampling thread may wait for a core, so the test asks for half."""
    profile = record["profile"]
    assert accounted(profile) == pytest.approx(record["wall_s"], rel=0.10)
    sampled_s = record["wall_s"] - profile["start_delay_s"]
    assert profile["interval_s"] == 0.01
    assert profile["samples"] >= 0.5 * sampled_s / profile["interval_s"]
    assert len(json.dumps(record)) <= 64_000


def test_python_native_and_waiting_lines(kernel):
    install(kernel)
    loop = profiled(kernel, "t = 0\nfor i in range(4_000_000):\n    t += i * i\n", "py")
    check_whole(loop)
    hot = line(loop["profile"], "py", 3)
    assert total(hot) >= 0.8 * accounted(loop["profile"]) and on_cpu_share(hot, "python_s") >= 0.7

    matmul = "import numpy as np\na = np.random.rand(700, 700)\nfor _ in range(25):\n    b = a @ a\n"
    native = profiled(kernel, matmul, "np")
    check_whole(native)
    hot = line(native["profile"], "np", 4)
    assert total(hot) >= 0.6 * accounted(native["profile"]) and on_cpu_share(hot, "native_s") >= 0.7

    sleep = profiled(kernel, "import time\nx = 1\ntime.sleep(0.6)\n", "sl")
    check_whole(sleep)
    hot = line(sleep["profile"], "sl", 3)
    assert hot["waiting_s"] >= 0.9 * sleep["wall_s"]


def test_a_thread_waiting_for_the_gil_does_not_make_bytecode_native(kernel):
    """A ticker thread (a progress bar's monitor, a heartbeat) asks for the GIL every
    millisecond: the loop hands it over early, so the sampler gets it early as if the loop had
    let it go in a C call. Before the probe looked where the thread stood, 60-90 % of this
    loop's CPU time read as native."""
    install(kernel)
    ticker = "import threading, time\nthreading.Thread(target=lambda: [time.sleep(0.001) for _ in range(3000)], daemon=True).start()\n"
    out, _ = run_cell(kernel, ticker, "tick")
    assert out.status == "ok", out.error
    loop = profiled(kernel, "t = 0\nfor i in range(8_000_000):\n    t += i * i\n", "py")
    # Not all: a sample that loses the race for the GIL to the ticker twice reads as a C call
    # that held it.
    assert on_cpu_share(line(loop["profile"], "py", 3), "python_s") >= 0.7
    matmul = "import numpy as np\na = np.random.rand(700, 700)\nfor _ in range(25):\n    b = a @ a\n"
    native = profiled(kernel, matmul, "np")
    assert on_cpu_share(line(native["profile"], "np", 4), "native_s") >= 0.7


def test_a_busy_machine_is_not_waiting(kernel):
    """Other processes keep every core busy (a shared login node): the loop gets a fraction of a
    core, yet its queued time counts as the Python it was queued for, not as waiting."""
    install(kernel)
    # Each hog in a session of its own: with autogroup scheduling, CPU is shared between
    # sessions first, and the kernel runs in its own, so hogs of ours alone would not slow it.
    hogs = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
        for _ in range(2 * (os.cpu_count() or 1))
    ]
    try:
        time.sleep(0.5)  # the hogs running before the cell starts
        loop = profiled(kernel, "t = 0\nfor i in range(6_000_000):\n    t += i * i\n", "busy")
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    # Not check_whole: the sampling thread is queued too, so fewer samples come.
    profile, hot = loop["profile"], line(loop["profile"], "busy", 3)
    assert accounted(profile) == pytest.approx(loop["wall_s"], rel=0.10)
    assert loop["cpu_s"] < 0.9 * loop["wall_s"]  # the machine really was busy
    assert profile["queued_s"] > 0.1 * loop["wall_s"]
    # Python is the larger part; the split is less sure than on an idle machine.
    assert hot["waiting_s"] <= 0.3 * total(hot) and on_cpu_share(hot, "python_s") >= 0.5


def test_a_loop_ending_in_an_if_has_a_line_for_every_sample(kernel):
    """Bubble sort: samples often land on the jump back, which has no line of its own."""
    install(kernel)
    code = (
        # 3,000 items, about 0.5 s: 1,400 ran 0.118 s in CI, barely past the 0.1 s start delay
        "data = list(range(3000, 0, -1))\n"
        "for i in range(len(data)):\n"
        "    for j in range(len(data) - 1 - i):\n"
        "        if data[j] > data[j + 1]:\n"
        "            data[j], data[j + 1] = data[j + 1], data[j]\n"
    )
    record = profiled(kernel, code, "bubble")  # the schema checks every line is an integer
    assert {e["line"] for e in record["profile"]["lines"]} <= {1, 2, 3, 4, 5}


@pytest.mark.xfail(
    strict=True,
    reason="known bias (docs/facts.md): the sampler gets the GIL where the thread lets it go, "
    "so a loop's bytecode time lands on its GIL-releasing call, as native",
)
def test_a_loop_around_a_gil_releasing_call_is_mostly_python(kernel):
    install(kernel)
    code = (
        "import os, time\n"
        "t0 = time.perf_counter()\n"
        "while time.perf_counter() - t0 < 1.5:\n"
        "    s = 0\n"
        "    for i in range(300):\n"
        "        s += i * i\n"
        "    os.stat('.')\n"
    )
    record = profiled(kernel, code, "mixed")
    lines = record["profile"]["lines"]
    python = sum(e["python_s"] for e in lines)
    native = sum(e["native_s"] for e in lines)
    # Most of the loop is bytecode (about 80 %; os.stat about 15 %).
    assert python > native


def test_function_defined_in_another_cell_counts_on_its_lines(kernel):
    install(kernel)
    run_cell(kernel, "def work(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n", "cell-3")
    record = profiled(kernel, "x = 1\ny = work(20_000_000)\n", "cell-7")
    check_whole(record)
    top = record["profile"]["lines"][0]
    assert (top["cell_id"], top["line"]) == ("cell-3", 4)
    assert total(top) >= 0.8 * accounted(record["profile"]) and on_cpu_share(top, "python_s") >= 0.7


def test_comprehensions_generators_and_nested_functions(kernel):
    install(kernel)
    # The first sample (0.1 s in, later on a busy machine) is credited with all the time before it
    # (docs/facts.md, start_delay_s): line 1 runs well past it, or its time shows on line 4.
    code = (
        "squares = [i * i % 7 for i in range(5_000_000)]\n"  # 1
        "def gen(n):\n"
        "    for i in range(n):\n"
        "        yield i % 7\n"  # 4
        "odd = sum(gen(2_500_000))\n"
        "def outer():\n"
        "    def inner():\n"
        "        return sum(j * j for j in range(2_500_000))\n"  # 8
        "    return inner()\n"
        "outer()\n"
    )
    record = profiled(kernel, code, "shapes")
    check_whole(record)
    profile = record["profile"]
    hot = {(e["line"]) for e in profile["lines"] if total(e) >= 0.1 * record["wall_s"]}
    assert {1, 4, 8} <= hot, profile
    assert sum(total(line(profile, "shapes", n)) for n in (1, 4, 8)) >= 0.8 * accounted(profile)


def test_user_thread_leaves_the_main_thread_waiting(kernel):
    """Only the cell's thread is sampled: a thread's work shows as the join that waits for it."""
    install(kernel)
    code = (
        "import threading\n"
        "def spin():\n"
        "    t = 0\n"
        "    for i in range(20_000_000):\n"
        "        t += i\n"
        "th = threading.Thread(target=spin)\n"
        "th.start()\n"
        "th.join()\n"
    )
    record = profiled(kernel, code, "thread")
    check_whole(record)
    join = line(record["profile"], "thread", 8)
    assert join["waiting_s"] >= 0.7 * record["wall_s"]
    assert join["calls"][0]["name"] == "threading.Thread.join"
    assert all(e["line"] not in (4, 5) for e in record["profile"]["lines"])  # the thread's lines


def test_short_runs_and_profiling_off_have_no_profile(kernel):
    comm_id = install(kernel)["comm_id"]
    _, (short,) = run_cell(kernel, "x = sum(range(1000))", "short")
    assert "profile" not in short["record"]

    def switch(enabled):
        msg = {"comm_id": comm_id, "data": {"type": "profile", "enabled": enabled}}
        kernel.kc.shell_channel.send(kernel.kc.session.msg("comm_msg", msg))

    switch(False)
    _, (off,) = run_cell(kernel, "import time\ntime.sleep(0.3)", "off")
    assert "profile" not in off["record"] and off["record"]["wall_s"] >= 0.3  # the timings stay
    switch(True)
    _, (on,) = run_cell(kernel, "import time\ntime.sleep(0.3)", "on")
    assert on["record"]["profile"]["samples"] >= 10


def test_ctrl_c_during_a_profiled_cell_stops_the_sampling(kernel):
    install(kernel)
    msg_id = send_cell(kernel, "t = 0\nwhile True:\n    t += 1\n", "spin")
    time.sleep(1.0)
    kernel.km.interrupt_kernel()
    out = kernel.collect(msg_id, timeout=20)
    assert out.error["ename"] == "KeyboardInterrupt"
    assert "jupyterlab" not in "".join(out.error["traceback"])  # nothing of ours in the user's traceback
    (run,) = records(probe_messages(kernel, until=1, prior=out.comm_msgs))
    record = run["record"]
    assert record["ok"] is False and record["error"].startswith("KeyboardInterrupt")
    check_whole(record)
    # The loop's time is on its two lines (the interrupt lands on the `while`), and it is Python.
    loop = [line(record["profile"], "spin", n) for n in (2, 3) if any(e["line"] == n for e in record["profile"]["lines"])]
    assert sum(total(e) for e in loop) >= 0.8 * accounted(record["profile"])
    assert sum(e["python_s"] for e in loop) >= 0.7 * sum(e["python_s"] + e["native_s"] for e in loop)
    # The cell is over, so is the sampling: the probe's thread sleeps while the kernel is idle.
    before = float(kernel.value(PROBE_CPU))
    time.sleep(1.0)
    assert float(kernel.value(PROBE_CPU)) - before < 0.005


def test_no_thread_per_cell_and_profiles_after_a_restart(kernel):
    install(kernel)
    threads = "__import__('threading').active_count()"
    count = kernel.value(threads)
    for i in range(3):
        profiled(kernel, "import time\ntime.sleep(0.2)", f"c{i}")
    assert kernel.value(threads) == count

    kernel.km.restart_kernel(now=True)
    kernel.kc.wait_for_ready(timeout=60)
    install(kernel)  # the front end reinstalls on restart
    record = profiled(kernel, "t = 0\nfor i in range(8_000_000):\n    t += i\n", "after")
    check_whole(record)
    assert on_cpu_share(line(record["profile"], "after", 3), "python_s") >= 0.7
    assert kernel.execute("t", **SILENT).status == "ok"
