"""Issue 15, items 2-6: the probe against what users do to a kernel. Each test failed with the
probe before the fix (its docstring says how) and passes with it."""

import json
import time

from probe_support import SILENT, install, probe_messages, records, run_cell

PROBE_FILE = "jupyterlab_optimiser_probe.py"

# freezegun's way of patching a clock: the time module's function and every module attribute that
# is that same function are replaced (freezegun.api._freeze_time.start does this for time.perf_counter,
# time.monotonic, time.time and others).
PATCH_CLOCK = """
import sys as _sys, time as _time
_real_perf_counter = _time.perf_counter
def _patch_perf_counter(fake):
    for _module in list(_sys.modules.values()):
        for _name in dir(_module) if _module is not None else ():
            try:
                if getattr(_module, _name) is _real_perf_counter:
                    setattr(_module, _name, fake)
            except Exception:
                pass
    _time.perf_counter = fake
"""

PROBE_CPU = (
    "[__import__('time').clock_gettime(__import__('time').pthread_getcpuclockid(t.ident))"
    " for t in __import__('threading').enumerate() if t.name == 'jupyterlab-optimiser-probe'][0]"
)
MAIN_CPU = "__import__('time').thread_time()"


def test_nested_run_cell_keeps_the_outer_record(kernel):
    """Before: the inner run overwrote the one 'current execution' slot, so the outer cell lost
    its record and the inner one went out without a cell id."""
    install(kernel)
    code = "get_ipython().run_cell('inner = 2')\nimport time\ntime.sleep(0.2)\n"
    out, recs = run_cell(kernel, code, "outer", until=2, wait=1.5)
    assert out.status == "ok"
    assert [r["cell_id"] for r in recs] == ["outer"]
    assert recs[0]["record"]["wall_s"] >= 0.2


def test_many_nested_runs_send_one_small_record(kernel):
    """Before: 100,000 nested runs sent 10,000 records without a cell id, up to 1.68 MB a message."""
    install(kernel)
    code = "for _k in range(2000):\n    get_ipython().run_cell('_v = 1')\n"
    out, _ = run_cell(kernel, code, "loop", until=0, wait=0)
    messages = probe_messages(kernel, until=2, timeout=2, prior=out.comm_msgs)
    runs = records(messages)
    assert [r["cell_id"] for r in runs] == ["loop"]
    assert max(len(json.dumps(m)) for m in messages) < 10_000


def test_frozen_and_backward_clocks(kernel):
    """Before: with time.perf_counter frozen, records stopped arriving and the send timer re-armed
    every 20 ms on the kernel's loop (idle CPU x9)."""
    install(kernel)
    kernel.execute(PATCH_CLOCK, **SILENT)
    kernel.execute("_patch_perf_counter(lambda: 1000.0)", **SILENT)  # frozen
    _, recs = run_cell(kernel, "import time\ntime.sleep(0.3)", "frozen")
    assert [r["cell_id"] for r in recs] == ["frozen"]
    assert 0.3 <= recs[0]["record"]["wall_s"] < 2
    assert "profile" in recs[0]["record"]

    backwards = "_back = iter(range(10**9, 0, -1))\n_patch_perf_counter(lambda: float(next(_back)))"
    kernel.execute(backwards, **SILENT)
    _, recs = run_cell(kernel, "import time\ntime.sleep(0.3)", "backwards")
    assert [r["cell_id"] for r in recs] == ["backwards"]
    assert 0.3 <= recs[0]["record"]["wall_s"] < 2

    # Idle with the clock patched: neither the probe's thread nor the kernel's loop keeps waking.
    probe0, main0 = float(kernel.value(PROBE_CPU)), float(kernel.value(MAIN_CPU))
    time.sleep(1.0)
    probe1, main1 = float(kernel.value(PROBE_CPU)), float(kernel.value(MAIN_CPU))
    assert probe1 - probe0 < 0.005
    assert main1 - main0 < 0.05  # two silent requests to read the clocks, nothing else


def _events_seen(kernel, install_tracer):
    """What a user's tracer on the kernel's main thread sees of one cell: (event, file, function)
    of every event, with C functions by name."""
    kernel.execute(
        "_seen = []\n"
        "def _tracer(frame, event, arg):\n"
        "    _seen.append((event, frame.f_code.co_filename, frame.f_code.co_name, getattr(arg, '__qualname__', None)))\n"
        "    return _tracer\n"
    )
    kernel.execute(f"import sys\nsys.{install_tracer}(_tracer)")
    kernel.execute("total = sum(i * i for i in range(1000))")
    kernel.execute(f"sys.{install_tracer}(None)")
    seen = json.loads(eval(kernel.value("__import__('json').dumps(_seen)")))
    cells = f"/ipykernel_{kernel.km.provisioner.pid}/"  # the cells' files are named per kernel
    return [(event, path.replace(cells, "/ipykernel_PID/"), name, c) for event, path, name, c in seen]


def _kinds_of_events(events):
    """The distinct events, less ipykernel's waits on its own threads' conditions, whose number
    and place depend on timing (they come and go between two bare kernels too)."""
    return {e for e in events if not e[1].endswith("/threading.py")}


def test_user_tracers_see_nothing_of_the_probe(kernel, control_kernel):
    """Before: sys.settrace saw 7 and sys.setprofile 38 probe calls per cell."""
    install(kernel)
    for install_tracer in ("setprofile", "settrace"):
        probed = _events_seen(kernel, install_tracer)
        bare = _events_seen(control_kernel, install_tracer)
        assert not [e for e in probed if e[1] == PROBE_FILE]
        # No event that the bare kernel does not have: no frame and no C call of ours. (Under
        # settrace, IPython's EventManager.trigger gets more 'line' events of its own frame as
        # it loops over four more callbacks: the only trace of the probe.)
        assert _kinds_of_events(probed) == _kinds_of_events(bare)


def test_replacing_ipythons_event_manager_is_reported(kernel):
    """Before: the probe stopped silently and the panel kept saying 'Measuring every run'."""
    install(kernel)
    code = (
        "from IPython.core.events import EventManager, available_events\n"
        "ip = get_ipython()\n"
        "ip.events = EventManager(ip, available_events)\n"
    )
    out = kernel.execute(code)
    assert out.status == "ok" and out.stdout == "" and out.stderr == ""
    faults = [m for m in probe_messages(kernel, until=1, timeout=3, prior=out.comm_msgs) if m.get("type") == "fault"]
    assert [f["where"] for f in faults] == ["events"]
    assert "get_ipython().events" in faults[0]["error"]


def test_removing_the_probes_callbacks_is_reported_on_the_next_facts_request(kernel):
    comm_id = install(kernel)["comm_id"]
    kernel.execute("for _e in ('pre_run_cell', 'post_run_cell'): get_ipython().events.callbacks[_e].clear()")
    request = {"comm_id": comm_id, "data": {"type": "facts-request", "request_id": 1}}
    kernel.kc.shell_channel.send(kernel.kc.session.msg("comm_msg", request))
    messages = probe_messages(kernel, until=1, timeout=3)
    assert [m["type"] for m in messages] == ["fault", "facts"]
    assert messages[0]["where"] == "events"


def test_traceback_modules_are_not_the_cells_imports(kernel):
    """Before: the first error credited asttokens, executing, pure_eval and stack_data (which
    IPython imports to show the traceback) to the user's cell as 'imported'."""
    install(kernel)
    loaded = "__import__('json').dumps(sorted(m for m in __import__('sys').modules if '.' not in m))"
    before = set(json.loads(eval(kernel.value(loaded))))
    out, (run,) = run_cell(kernel, "import colorsys\n1 / 0", "raises")
    assert out.error["ename"] == "ZeroDivisionError"
    new = set(json.loads(eval(kernel.value(loaded)))) - before
    assert {"stack_data", "executing"} <= new  # IPython did import them in the cell's window
    assert run["record"]["imported"] == ["colorsys"]
    assert kernel.execute("x = 1", **SILENT).status == "ok"
