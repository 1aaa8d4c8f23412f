"""The kernel probe in a real ipykernel: records over the comm, and nothing changes for the user."""

import json

import jsonschema
import pytest

from conftest import REPO
from probe_support import install, install_code, probe_messages, records, run_cell

SCHEMA = json.loads((REPO / "src" / "facts.schema.json").read_text())

BUSY_LOOP = """
import time as _t
_end = _t.process_time() + 0.5
while _t.process_time() < _end:
    pass
"""

STATE = (
    "__import__('json').dumps({'names': sorted(k for k in globals() if not k.startswith('_i')),"
    " 'In': len(In), 'Out': sorted(Out), 'underscore': repr(_), 'count': get_ipython().execution_count})"
)


def state(kernel):
    """The user-visible state: names, In, Out keys, `_`, the execution count."""
    return json.loads(eval(kernel.value(STATE)))


def test_hello_carries_valid_facts(kernel):
    hello = install(kernel)["data"]
    assert hello["type"] == "hello"
    facts = dict(hello["facts"], runs={})
    jsonschema.validate(facts, SCHEMA)
    assert facts["kernel"]["language"] == "python"
    assert facts["machine"]["cores"] >= 1
    assert facts["libraries"]["numpy"] is not None  # installed in the test environment
    assert facts["libraries"]["cupy"] is None


def test_sleep_is_wall_time_not_cpu(kernel):
    install(kernel)
    out, recs = run_cell(kernel, "import time\ntime.sleep(0.5)", "cell-sleep")
    assert out.status == "ok"
    (run,) = recs
    assert run["cell_id"] == "cell-sleep"
    rec = run["record"]
    assert 0.45 <= rec["wall_s"] <= 1.0
    assert rec["cpu_s"] < 0.1
    assert rec["ok"] is True
    jsonschema.validate(rec, SCHEMA["$defs"]["run"])


def test_busy_loop_is_cpu_time(kernel):
    install(kernel)
    _, (run,) = run_cell(kernel, BUSY_LOOP, "cell-busy")
    rec = run["record"]
    assert rec["cpu_s"] >= 0.45
    assert rec["cpu_s"] == pytest.approx(rec["wall_s"], rel=0.25)


def test_pool_workers_count_as_children(kernel):
    install(kernel)
    code = (
        "from multiprocessing import Pool\n"
        "def _spin(n):\n"
        "    return sum(i * i for i in range(n))\n"
        "with Pool(2) as pool:\n"
        "    totals = pool.map(_spin, [3_000_000] * 4)\n"
    )
    _, (run,) = run_cell(kernel, code, "cell-pool")
    assert run["record"]["children_cpu_s"] > 0.2
    assert run["record"]["cpu_s"] < run["record"]["children_cpu_s"]


def test_live_pool_workers_count_as_children(kernel):
    """Workers that outlive the cell (as pathos keeps them) are still counted, once."""
    install(kernel)
    setup = "from concurrent.futures import ProcessPoolExecutor\nex = ProcessPoolExecutor(2)\nex.submit(abs, 1).result()"
    run_cell(kernel, setup, "cell-pool-setup")
    spin = "list(ex.map(sum, [range(4_000_000)] * 4))"
    _, (run,) = run_cell(kernel, spin, "cell-live")
    assert run["record"]["children_cpu_s"] > 0.2
    _, (again,) = run_cell(kernel, "import time\ntime.sleep(0.1)", "cell-idle")
    assert again["record"]["children_cpu_s"] < 0.1


def test_imports_and_memory(kernel):
    install(kernel)
    code = "import json, xml.dom.minidom\nblock = bytearray(200 * 1024 * 1024)\ndel block"
    _, (run,) = run_cell(kernel, code, "cell-mem")
    rec = run["record"]
    assert "xml" in rec["imported"]
    assert "json" not in rec["imported"]  # already loaded by the kernel itself
    assert rec["peak_rss_delta_bytes"] >= 150 * 1024 * 1024


def test_user_state_is_untouched(kernel, control_kernel):
    """The same session with and without the probe leaves the same names, In, Out, _ and count."""
    session = [("a = 1", "c1"), ("a + 1", "c2"), ("b = a * 3\nb", "c3"), ("raise KeyError('k')", "c4"), ("b", "c5")]
    for k in (kernel, control_kernel):
        k.execute("a0 = 0")
    before = state(kernel)
    install(kernel)
    install(kernel)
    assert state(kernel) == before

    for code, cell_id in session:
        probed, _ = run_cell(kernel, code, cell_id)
        control, _ = run_cell(control_kernel, code, cell_id, until=0)
        assert probed.results == control.results
        assert probed.stdout == control.stdout and probed.stderr == control.stderr
        assert (probed.error or {}).get("evalue") == (control.error or {}).get("evalue")
    assert state(kernel) == state(control_kernel)


def test_installing_twice_gives_one_record_per_execution(kernel):
    install(kernel)
    install(kernel)
    out, recs = run_cell(kernel, "x = 2", "cell-x", until=2, wait=1)
    assert len(recs) == 1


def test_user_exception_is_unchanged_and_recorded(kernel):
    install(kernel)
    out, (run,) = run_cell(kernel, "raise ValueError('bad input 42')", "cell-err")
    assert out.status == "error"
    assert out.error["ename"] == "ValueError"
    assert out.error["evalue"] == "bad input 42"
    assert out.stderr == ""
    assert run["record"]["ok"] is False
    assert run["record"]["error"] == "ValueError: bad input 42"


def test_probe_fault_does_not_reach_the_user(kernel):
    install(kernel)
    # Break the probe from inside, as a bug would: its measurement raises.
    kernel.execute(
        "__import__('sys').modules['_jlab_optimiser_probe'].Measurement.finish = lambda *a: 1 / 0",
        silent=True, store_history=False,
    )
    out = kernel.execute("y = 5\nprint(y)")
    assert out.status == "ok"
    assert out.stdout == "5\n"
    assert out.stderr == ""
    faults = [d for d in probe_messages(kernel, until=1, timeout=1, prior=out.comm_msgs) if d.get("type") == "fault"]
    assert faults and "ZeroDivisionError" in faults[0]["error"]


def test_facts_request_reports_variables(kernel):
    hello = install(kernel)
    comm_id = hello["comm_id"]
    kernel.execute("import numpy as np\narr = np.zeros((1000, 10))\nitems = list(range(7))")
    kernel.kc.shell_channel.send(
        kernel.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"type": "facts-request", "request_id": 3}})
    )
    messages = probe_messages(kernel, until=0, timeout=2)
    if not any(m.get("type") == "facts" for m in messages):
        messages += probe_messages(kernel, until=10, timeout=2)
    (reply,) = [m for m in messages if m.get("type") == "facts"]
    assert reply["request_id"] == 3
    variables = reply["facts"]["variables"]
    assert variables["arr"] == {"type": "ndarray", "nbytes": 80000, "shape": [1000, 10], "dtype": "float64"}
    assert variables["items"] == {"type": "list", "len": 7}
    assert list(variables)[0] == "arr"  # largest first


def test_install_code_binds_no_user_names():
    code = install_code("x = 1")
    namespace = {}
    exec(code, namespace)
    assert set(namespace) == {"__builtins__"}
