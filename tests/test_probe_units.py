"""The probe's parts on their own, in this process: machine facts, variable sizes, the sender."""

import asyncio
import importlib.util
import os
import stat
import sys
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


def test_records_from_readings():
    start = (10.0, 1.0, 1000, 0.5, 40)
    end = (12.5, 3.0, 1500, 0.75, 45)
    new_modules = ["colorsys", "json.tool", "_private", "xml", "xml.dom"]
    assert probe.build_record(start, end, new_modules, None) == {
        "wall_s": 2.5, "cpu_s": 2.0, "children_cpu_s": 0.25, "peak_rss_delta_bytes": 500 * probe._MAXRSS_BYTES,
        "imported": ["colorsys", "xml"], "ok": True}
    failed = probe.build_record(start, start, (), "ValueError: x")
    assert failed["ok"] is False and failed["error"] == "ValueError: x" and failed["peak_rss_delta_bytes"] == 0


def test_readings_see_the_peak_reset():
    reset = probe.PeakReset()
    if reset.fd is None:
        pytest.skip("no /proc/self/clear_refs here")
    block = bytearray(100 * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])  # touched: resident
    del block
    before = probe.readings()
    reset()
    after = probe.readings()
    assert after[2] < before[2]  # the peak restarted from the current (smaller) RSS
    reset.close()


def test_live_children_settle_counts_growth_once():
    live = probe.LiveChildren()
    live.process = object()  # only cpu_by_pid is faked: the arithmetic is what is tested
    snapshots = iter([{1: 2.0, 2: 1.0}, {1: 5.0, 2: 1.0}, {1: 5.0}])
    live.cpu_by_pid = lambda: next(snapshots)
    live.seen = {1: 1.0}
    assert live.settle(0.0) == pytest.approx(1.0 + 1.0)  # 1 grew by 1, 2 is new with 1
    assert live.settle(0.5) == pytest.approx(0.5 + 3.0)  # a child reaped in the cell, plus growth
    assert live.settle(1.0) == pytest.approx(0.0)  # 2 reaped: its 1.0 was counted already


def _collecting_sender():
    delivered = []
    done = threading.Event()

    def deliver(runs):
        delivered.append((time.perf_counter(), [r["n"] for r in runs]))
        done.set()

    return probe.Sender(deliver), delivered, done


def test_sender_waits_for_quiet_on_the_event_loop_and_batches():
    sender, delivered, _ = _collecting_sender()

    async def cells():
        for n in range(3):
            sender.cell_started()
            sender.queue({"n": n})
            last = time.perf_counter()
            await asyncio.sleep(0.005)  # cells closer together than QUIET_S
        await asyncio.sleep(probe.QUIET_S * 3)
        return last

    last = asyncio.run(cells())
    assert sender.thread is None  # the loop did the waiting
    assert [batch for _, batch in delivered] == [[0, 1, 2]]
    assert delivered[0][0] - last >= probe.QUIET_S * 0.9


def test_sender_sends_anyway_after_max_wait():
    sender, delivered, _ = _collecting_sender()

    async def busy():
        end = time.perf_counter() + probe.MAX_WAIT_S * 1.5
        n = 0
        while time.perf_counter() < end:
            sender.queue({"n": n})
            n += 1
            await asyncio.sleep(probe.QUIET_S / 4)

    asyncio.run(busy())
    assert delivered, "back-to-back cells must not hold records back forever"


def test_sender_falls_back_to_a_thread_without_a_loop():
    sender, delivered, done = _collecting_sender()
    sender.queue({"n": 7})
    assert done.wait(5)
    assert [batch for _, batch in delivered] == [[7]]
    sender.stop()
    assert not sender.thread.is_alive()


def test_sender_replaces_a_timer_that_never_fired():
    """Records are not held forever when the loop that had the timer stops running the cells."""
    sender, delivered, done = _collecting_sender()

    async def once():
        sender.queue({"n": 1})

    asyncio.run(once())  # the loop ends before its timer fires
    sender.first_queued -= probe.STUCK_S + 1
    sender.queue({"n": 2})
    assert done.wait(5)
    assert [batch for _, batch in delivered] == [[1, 2]]
    sender.stop()
