"""Installs the probe the way the front end does (src/kernel/install.ts) and reads its comm."""

from __future__ import annotations

import json
import queue
import time

from conftest import REPO

PROBE = REPO / "src" / "kernel" / "probe.py"
TARGET = "jupyterlab-optimiser"


def install_code(source: str | None = None) -> str:
    """The silent request's code: the probe's text executed inside its own private module."""
    text = PROBE.read_text() if source is None else source
    return (
        '__import__("sys").modules.setdefault("_jlab_optimiser_probe", '
        '__import__("types").ModuleType("_jlab_optimiser_probe"))\n'
        f'exec(compile({json.dumps(text)}, "jupyterlab_optimiser_probe.py", "exec"), '
        '__import__("sys").modules["_jlab_optimiser_probe"].__dict__)\n'
    )


def install(kernel):
    """Installs silently, as the front end does; returns the comm_open message's data."""
    out = kernel.execute(install_code(), silent=True, store_history=False, allow_stdin=False, stop_on_error=False)
    assert out.status == "ok", out.reply
    opens = [m for m in out.comm_msgs if m["msg_type"] == "comm_open" and m["content"]["target_name"] == TARGET]
    assert opens, "the probe opened no comm"
    return opens[-1]["content"]


def probe_messages(kernel, until: int = 1, timeout: float = 5.0, prior: list | None = None) -> list:
    """Comm data from the probe (comm_msg only), waiting until `until` run records have arrived."""
    data = [m["content"]["data"] for m in (prior or []) if m["msg_type"] == "comm_msg"]
    deadline = time.monotonic() + timeout
    while sum(len(d.get("runs", [])) for d in data) < until and time.monotonic() < deadline:
        try:
            msg = kernel.kc.get_iopub_msg(timeout=max(0.05, deadline - time.monotonic()))
        except queue.Empty:
            break
        if msg["msg_type"] == "comm_msg":
            data.append(msg["content"]["data"])
    return data


def records(messages: list) -> list:
    return [run for m in messages if m.get("type") == "runs" for run in m["runs"]]


def run_cell(kernel, code: str, cell_id: str, until: int = 1, wait: float = 5.0):
    """Executes like JupyterLab does (cellId in the request metadata); returns (execution, records)."""
    msg = kernel.kc.session.msg(
        "execute_request",
        {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
         "stop_on_error": True},
        metadata={"cellId": cell_id},
    )
    kernel.kc.shell_channel.send(msg)
    out = kernel.collect(msg["header"]["msg_id"], timeout=120)
    return out, records(probe_messages(kernel, until=until, timeout=wait, prior=out.comm_msgs))
