"""The probe's parts on their own, in this process: machine facts, variable sizes, readings, the
profile's arithmetic, and hooks that tracers cannot see."""

import functools
import json
import importlib.util
import os
import stat
import sys
import resource
import threading
import time
import types

import pytest

from conftest import REPO

# Loaded under another name, the module defines everything and installs nothing.
_spec = importlib.util.spec_from_file_location("probe_under_test", REPO / "src" / "kernel" / "probe.py")
probe = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(probe)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"SLURM_JOB_ID": "42"}, "slurm"),
        ({"PBS_JOBID": "7.server"}, "pbs"),
        ({"LSB_JOBID": "9"}, "lsf"),
        ({"SGE_ROOT": "/opt/sge"}, "sge"),
    ],
)
def test_scheduler_from_environment(environ, expected):
    assert probe.scheduler(environ) == expected


def _fake_command(folder, name, output):
    """A command that prints `output` (with only the shell's builtins: PATH holds nothing else)."""
    path = folder / name
    lines = " ".join(f"'{line}'" for line in output.splitlines())
    path.write_text(f"#!/bin/sh\nprintf '%s\\n' {lines}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_scheduler_from_commands_and_none(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert probe.scheduler({}) is None
    _fake_command(tmp_path, "sbatch", "")
    assert probe.scheduler({}) == "slurm"


def test_gpus_from_nvidia_smi(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert probe.gpus() == []
    _fake_command(tmp_path, "nvidia-smi", "NVIDIA H100 80GB HBM3, 81559\nTesla, Inc. T4, [N/A]")
    assert probe.gpus() == [
        {"name": "NVIDIA H100 80GB HBM3", "memory_bytes": 81559 * 1024 * 1024},
        {"name": "Tesla, Inc. T4", "memory_bytes": None},
    ]


def test_machine_facts_are_plausible():
    facts = probe.machine_facts([])
    assert 1 <= facts["cores"] <= (os.cpu_count() or 1)
    assert facts["memory_bytes"] > 0
    assert 0 < facts["memory_available_bytes"] <= facts["memory_bytes"]


def test_library_versions_read_metadata_only():
    versions = probe.library_versions()
    assert set(probe.LIBRARIES) == set(versions)
    assert versions["numpy"]  # installed here
    assert versions["cupy"] is None


def test_describe_sizes_cheaply():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert probe.describe(np.zeros((10, 3), dtype="float32")) == {
        "type": "ndarray", "nbytes": 120, "shape": [10, 3], "dtype": "float32"}
    frame = pd.DataFrame({"a": range(100), "b": ["x"] * 100})
    assert probe.describe(frame) == {"type": "DataFrame", "nbytes": int(frame.memory_usage(deep=False).sum()),
                                     "shape": [100, 2]}
    assert probe.describe({"k": 1}) == {"type": "dict", "len": 1}
    assert probe.describe(3.5) is None
    assert probe.describe(len) is None


def test_variables_skip_private_startup_and_broken_names():
    np = pytest.importorskip("numpy")

    class Broken:
        __module__ = "numpy"
        shape = (1,)

        @property
        def nbytes(self):
            raise RuntimeError("no")

    startup = object()
    shell = types.SimpleNamespace(
        user_ns={"big": np.zeros(1000), "small": [1, 2], "_hidden": [1], "In": ["x"], "broken": Broken(),
                 "startup": startup},
        user_ns_hidden={"In": ["x"], "startup": startup},
    )
    shell.user_ns_hidden["In"] = shell.user_ns["In"]
    assert list(probe.variables(shell)) == ["big", "small"]


def _reading(wall, cpu, rss, children, modules, thread_cpu=0.0):
    return probe.Reading(wall, cpu, rss, children, modules, thread_cpu)


def test_records_from_readings():
    start = _reading(10.0, 1.0, 1000, 0.5, 40)
    end = _reading(12.5, 3.0, 1500, 0.75, 45)
    new_modules = ["colorsys", "json.tool", "_private", "xml", "xml.dom"]
    assert probe.build_record(start, end, new_modules, None) == {
        "wall_s": 2.5, "cpu_s": 2.0, "children_cpu_s": 0.25, "peak_rss_delta_bytes": 500 * probe._MAXRSS_BYTES,
        "imported": ["colorsys", "xml"], "ok": True}
    failed = probe.build_record(start, start, (), "ValueError: x")
    assert failed["ok"] is False and failed["error"] == "ValueError: x" and failed["peak_rss_delta_bytes"] == 0


def test_imports_of_the_traceback_are_not_the_cells():
    """After an error IPython imports its traceback helpers inside the cell's window (issue 15 #6)."""
    loaded = ["colorsys", "executing", "executing.executing", "asttokens", "fractions", "pure_eval", "stack_data"]
    assert probe.users_modules(loaded, failed=True) == ["colorsys"]
    assert probe.users_modules(loaded, failed=False) == loaded  # imported by the user's own code


def _high_water(peak):
    return probe.high_water_kib(os.pread(peak.status_fd, probe.PROC_BYTES, 0))


def test_readings_see_the_peak_reset():
    peak = probe.PeakMemory()
    if peak.reset_fd is None:
        pytest.skip("no /proc/self/clear_refs here")
    block = bytearray(100 * 1024 * 1024)  # written with zeros: resident
    del block
    before = _high_water(peak)
    os.write(peak.reset_fd, b"5")
    after = _high_water(peak)
    assert before - after > 90 * 1024  # the peak restarted from the current (smaller) RSS
    assert abs(probe.resident_kib(os.pread(peak.statm_fd, probe.PROC_BYTES, 0)) - after) < 1024
    block = bytearray(50 * 1024 * 1024)
    del block
    assert 49 * 1024 < _high_water(peak) - after < 60 * 1024
    peak.close()
    assert peak.reset_fd is None and peak.statm_fd is None and peak.status_fd is None


def test_memory_is_read_from_the_proc_texts():
    status = b"Name:\tpython\nVmPeak:\t  900 kB\nVmHWM:\t   123456 kB\nVmRSS:\t 1 kB\n"
    assert probe.high_water_kib(status) == 123456
    assert probe.resident_kib(b"5000 300 200 1 0 400 0\n") == 300 * os.sysconf("SC_PAGE_SIZE") // 1024


def _hooks():
    events, wake, box = probe.collections.deque(), probe.queue.SimpleQueue(), {}
    peak = probe.PeakMemory()
    return events, wake, probe.hooks(events, wake, box, peak), peak


def test_hooks_hand_readings_and_the_argument_to_the_thread():
    events, wake, (pre, post), reset = _hooks()
    info, result = object(), object()
    for callback in pre:
        callback(info)
    assert wake.get_nowait() == (probe.WAKE,)  # a start wakes the probe's thread
    for callback in post:
        callback(result)
    assert wake.empty()  # an end does not: it waits for the thread's next look
    kind, got, thread, start = probe.unpack(events.popleft())
    assert (kind, got, thread) == (probe.START, info, threading.get_ident())
    kind, got, thread, end = probe.unpack(events.popleft())
    assert (kind, got, thread) == (probe.END, result, threading.get_ident())
    assert start.modules == end.modules == len(sys.modules)
    assert 0 <= end.wall - start.wall < 1 and end.thread_cpu >= start.thread_cpu and end.cpu >= start.cpu
    reset.close()


def test_with_the_alarm_a_start_arms_it_once_and_wakes_no_one():
    """The first start after the thread left the alarm arms it; later starts and ends do
    nothing more; the alarm wakes the thread PROFILE_DELAY_S later, from its own thread."""
    events, wake, box = probe.collections.deque(), probe.queue.SimpleQueue(), {}
    reset = probe.PeakMemory()
    alarm = probe.Alarm(wake, 0.05)
    pre, post = probe.hooks(events, wake, box, reset, alarm=True)
    armed = []
    box[probe.ARM] = lambda: armed.append(probe.CLOCKS.wall())
    alarm.thread.start()
    try:
        for _ in range(3):
            for callback in (*pre, *post):
                callback(object())
        assert len(armed) == 1 and probe.ARM not in box and wake.empty() and len(events) == 6
        t0 = probe.CLOCKS.wall()
        alarm.arm()
        assert wake.get(timeout=2) == (probe.WAKE,)
        assert 0.04 < probe.CLOCKS.wall() - t0 < 1
    finally:
        alarm.close()
        reset.close()
    assert not alarm.thread.is_alive()


@pytest.mark.parametrize("with_alarm", [False, True])
@pytest.mark.parametrize("install", [sys.setprofile, sys.settrace])
def test_tracers_see_nothing_of_the_hooks(install, with_alarm):
    """Called from Python, as IPython calls them: the tracer sees only the caller's own frame,
    the alarm's arming (a ctypes call) included."""
    events, wake, (pre, post), reset = _hooks()
    alarm = None
    if with_alarm:
        box = {}
        alarm = probe.Alarm(wake, 60)
        pre, post = probe.hooks(events, wake, box, reset, alarm=True)
        box[probe.ARM] = alarm.arm
    callbacks = [*pre, *post]

    def trigger():
        for callback in callbacks:
            callback(None)

    seen = []

    def tracer(frame, event, arg):
        seen.append((event, frame.f_code.co_name, getattr(arg, "__name__", None)))
        return tracer

    install(tracer)
    trigger()
    install(None)
    seen = [event for event in seen if event[2] != install.__name__]  # switching the tracer off
    assert {name for _, name, _ in seen} == {"trigger"}
    assert all(event in ("call", "line", "return") for event, _, _ in seen)  # no c_call of ours
    assert len(events) == 2 and wake.qsize() == (0 if with_alarm else 1)
    if alarm is not None:
        alarm.close()
    reset.close()


def test_cell_thread_runs_and_reads_are_told_apart():
    """Profile.add: the CPU clock splits waiting from running, the sample's finding splits the rest."""
    start = _reading(0.0, 0, 0, 0, 0, thread_cpu=0.0)
    profile = probe.Profile(start, threading.get_ident(), {"cell.py": "c1"})
    line = ("cell.py", 3, None)
    profile.add(probe.Sample(line, 0.10, 0.09, False))  # 90 ms on the CPU, in bytecode
    profile.add(probe.Sample(line, 0.20, 0.14, True))  # 50 ms in a C call, 50 ms off the CPU
    profile.finish(_reading(0.25, 0, 0, 0, 0, thread_cpu=0.19))  # like the last interval
    (entry,) = profile.to_json({"cell.py": "c1"})["lines"]
    assert entry == {"cell_id": "c1", "line": 3, "python_s": 0.09, "native_s": 0.1, "waiting_s": 0.06}


def test_a_thread_in_a_bytecode_loop_is_found_where_it_hands_the_gil_over():
    """While this thread holds the GIL, a thread in a loop of bytecode waits at the loop's jump
    back (where the interpreter handed the GIL over); one in a call that let it go does not."""
    stop = threading.Event()

    def spin():
        n = 0
        while not stop.is_set():
            n += 1

    threads = [threading.Thread(target=spin), threading.Thread(target=stop.wait)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.05)
        found = {thread.name: [] for thread in threads}
        for _ in range(20):
            frames = sys._current_frames()
            for thread in threads:
                found[thread.name].append(probe.at_handover(frames[thread.ident]))
            del frames
            time.sleep(0.002)  # the spinning thread runs again meanwhile
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    spinning, waiting = (found[thread.name] for thread in threads)
    assert all(spinning) and not any(waiting), found
    assert probe.at_handover(None) is False


def test_time_queued_for_a_cpu_counts_as_the_work_not_as_waiting():
    start = _reading(0.0, 0, 0, 0, 0, thread_cpu=0.0)
    profile = probe.Profile(start, threading.get_ident(), {"cell.py": "c1"})
    profile.last = profile.last._replace(queued=1.0)
    line = ("cell.py", 3, None)
    profile.add(probe.Sample(line, 0.10, 0.02, False, 1.07))  # 20 ms on a CPU, 70 ms queued
    profile.add(probe.Sample(line, 0.20, 0.03, True, 1.08))  # 10 ms in C, 10 ms queued, 80 ms off
    (entry,) = profile.to_json({"cell.py": "c1"})["lines"]
    assert entry == {"cell_id": "c1", "line": 3, "python_s": 0.09, "native_s": 0.02, "waiting_s": 0.09}
    assert profile.to_json({"cell.py": "c1"})["queued_s"] == 0.08


class _CountingQueue:
    def __init__(self):
        self.reads = 0

    def read(self):
        self.reads += 1
        return 2.0


def test_a_sample_of_a_thread_on_the_cpu_keeps_the_gil():
    """Reading the run queue lets the GIL go mid-sample (a file read): only done when the
    thread was off a CPU for part of the interval, the only time queued time can matter."""
    start = _reading(0.0, 0, 0, 0, 0, thread_cpu=0.0)
    profile = probe.Profile(start, threading.get_ident(), {"cell.py": "c1"})
    profile.schedstat.close()
    profile.schedstat = _CountingQueue()
    now = {"wall": 0.0, "cpu": 0.0}
    profile.clocks = probe.Clocks(
        wall=lambda: now["wall"],
        thread_cpu=None,
        gettime=lambda _clock: now["cpu"],
        current_frames=lambda: {},
    )
    before = profile.last.queued
    now.update(wall=0.01, cpu=0.0099)  # on the CPU all the interval: no read
    profile.take(due=0.01, arrived=0.01, waited=True)
    assert profile.schedstat.reads == 0 and profile.last.queued == before
    now.update(wall=0.02, cpu=0.0129)  # off the CPU for 7 ms of 10: read
    profile.take(due=0.02, arrived=0.02, waited=True)
    assert profile.schedstat.reads == 1 and profile.last.queued == 2.0


def test_the_run_queue_clock_reads_this_thread():
    clock = probe.RunQueueClock(threading.get_ident())
    first = clock.read()
    assert first >= 0.0 and clock.read() >= first
    clock.close()
    assert clock.read() == 0.0


def test_profile_lines_are_sorted_bounded_and_sum_to_the_run():
    start = _reading(0.0, 0, 0, 0, 0)
    profile = probe.Profile(start, threading.get_ident(), {"cell.py": "c1"})
    code = test_profile_lines_are_sorted_bounded_and_sum_to_the_run.__code__
    wall = 0.0
    for line in range(1, 81):
        wall += 0.001 * line
        profile.add(probe.Sample(("cell.py", line, code if line % 2 else None), wall, wall, False))
    profile.add(probe.Sample(profile.ELSEWHERE, wall + 0.5, wall + 0.5, False))
    out = profile.to_json({"cell.py": "c1"})
    lines = out["lines"]
    assert len(lines) == probe.PROFILE_MAX_LINES and out["more_lines"]["lines"] == 30
    assert [entry["line"] for entry in lines[:3]] == [80, 79, 78]  # heaviest first
    assert lines[1]["calls"] == [{"name": f"{__name__}.{code.co_qualname}", "s": 0.079}]
    total = sum(entry["python_s"] for entry in lines) + out["more_lines"]["python_s"] + out["elsewhere"]["python_s"]
    assert total == pytest.approx(wall + 0.5, abs=1e-3)


def test_profile_stays_under_64_kb():
    profile = {"lines": [{"cell_id": "x" * 36, "line": n, "python_s": 1.0, "native_s": 0.0, "waiting_s": 0.0,
                          "calls": [{"name": "n" * 120, "s": 1.0}] * 3} for n in range(500)]}
    out = probe.bounded(profile)
    assert len(json.dumps(out)) <= probe.PROFILE_MAX_BYTES
    kept = sum(entry["python_s"] for entry in out["lines"]) + out.get("more_lines", {}).get("python_s", 0)
    assert kept == pytest.approx(500.0)


def test_nested_results_pop_their_own_execution():
    outer, inner, other = (probe.Execution(object(), None, 1, depth) for depth in (0, 1, 0))
    stack = [outer, inner]
    assert probe.pop_execution(stack, outer.info) is outer and stack == []  # inner never ended
    stack = [outer, inner]
    assert probe.pop_execution(stack, inner.info) is inner and stack == [outer]
    assert probe.pop_execution(stack, other.info) is None and stack == [outer]  # began before us
    assert probe.pop_execution(stack, None) is outer  # run_cell interrupted: the innermost


def test_live_children_settle_counts_growth_once():
    live = probe.LiveChildren()
    live.process = object()  # only cpu_by_pid is faked: the arithmetic is what is tested
    snapshots = iter([{1: 2.0, 2: 1.0}, {1: 5.0, 2: 1.0}, {1: 5.0}])
    live.cpu_by_pid = lambda: next(snapshots)
    live.seen = {1: 1.0}
    assert live.settle(0.0) == pytest.approx(1.0 + 1.0)  # 1 grew by 1, 2 is new with 1
    assert live.settle(0.5) == pytest.approx(0.5 + 3.0)  # a child reaped in the cell, plus growth
    assert live.settle(1.0) == pytest.approx(0.0)  # 2 reaped: its 1.0 was counted already




def test_a_jump_back_without_a_line_belongs_to_the_line_before_it():
    """Python 3.11's loop jump-back instruction has no line number: f_lineno reads None there."""
    code = compile("for i in range(3):\n    if i:\n        x = i\n", "cell.py", "exec")
    lines = {number for _, _, number in code.co_lines() if number is not None}
    for start, _end, number in code.co_lines():
        assert probe.line_before(code, start) in lines
        if number is not None:
            assert probe.line_before(code, start) == number


class _OwnQueue:
    def __init__(self, values):
        self.values = iter(values)

    def read(self):
        return next(self.values)

    def close(self):
        pass


def test_the_samplers_own_wait_for_a_core_is_not_the_gil_held():
    """A late sample reads as a C call holding the GIL only for the lateness the sampling thread
    did not spend queued for a core itself (a loaded machine)."""
    start = _reading(0.0, 0, 0, 0, 0, thread_cpu=0.0)
    profile = probe.Profile(start, threading.get_ident(), {"cell.py": "c1"})
    profile.own_queue.close()
    profile.own_queue, profile.own_queued = _OwnQueue([0.018, 0.019]), 0.0
    now = {"wall": 0.0, "cpu": 0.0}
    profile.clocks = probe.Clocks(
        wall=lambda: now["wall"],
        thread_cpu=None,
        gettime=lambda _clock: now["cpu"],
        current_frames=lambda: {},
    )
    now.update(wall=0.03, cpu=0.03)  # 20 ms late, 18 of them queued for a core: bytecode
    profile.take(due=0.01, arrived=0.03, waited=True)
    assert profile.last.native is False
    now.update(wall=0.07, cpu=0.07)  # 30 ms late, 1 ms queued: the GIL was held (a C call)
    profile.take(due=0.04, arrived=0.07, waited=True)
    assert profile.last.native is True
