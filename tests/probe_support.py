"""Installs the probe exactly as the front end does and reads what it sends over its comm.

The install and uninstall code come from src/kernel/install.ts itself (bundled with esbuild and run
with node, with the two .py files the front end fetches), so these tests exercise the requests the
extension really sends.
"""

from __future__ import annotations

import functools
import json
import os
import queue
import subprocess
import time

from conftest import REPO

TARGET = "jupyterlab-optimiser"
SILENT = {"silent": True, "store_history": False, "allow_stdin": False, "stop_on_error": False}

_PRINT_CODE = """
import { installCode, UNINSTALL_CODE } from './src/kernel/install';
import probeSource from './src/kernel/probe.py';
import verifySource from './src/kernel/verify.py';
const source = process.env.PROBE_SOURCE;
process.stdout.write(JSON.stringify({
  install: installCode(source ?? probeSource, verifySource),
  uninstall: UNINSTALL_CODE
}));
"""


def _front_end_code(source: str | None) -> dict:
    esbuild = REPO / "node_modules" / ".bin" / "esbuild"
    bundle = subprocess.run(
        [str(esbuild), "--bundle", "--platform=node", "--format=cjs", "--loader:.py=text", "--log-level=warning"],
        input=_PRINT_CODE, capture_output=True, text=True, check=True, cwd=REPO,
    ).stdout
    env = dict(os.environ)
    if source is not None:
        env["PROBE_SOURCE"] = source
    out = subprocess.run(["node", "-"], input=bundle, capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout)


@functools.cache
def _default_code() -> dict:
    return _front_end_code(None)


def install_code(source: str | None = None) -> str:
    """The install request's code, from install.ts: the probe's text run in its private module."""
    return _default_code()["install"] if source is None else _front_end_code(source)["install"]


def uninstall_code() -> str:
    return _default_code()["uninstall"]


def install(kernel) -> dict:
    """Installs silently, as the front end does; returns the comm_open message's content."""
    out = kernel.execute(install_code(), **SILENT)
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


def send_cell(kernel, code: str, cell_id: str) -> str:
    """Sends an execute request as JupyterLab does for a cell (its id in the metadata)."""
    msg = kernel.kc.session.msg(
        "execute_request",
        {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
         "stop_on_error": True},
        metadata={"cellId": cell_id},
    )
    kernel.kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def run_cell(kernel, code: str, cell_id: str, until: int = 1, wait: float = 5.0):
    """Executes like JupyterLab does; returns (execution, the run records that arrived)."""
    out = kernel.collect(send_cell(kernel, code, cell_id), timeout=120)
    return out, records(probe_messages(kernel, until=until, timeout=wait, prior=out.comm_msgs))


def wait_for_message(kernel, kind: str, timeout: float = 10.0) -> dict:
    """The next probe comm message of one type (e.g. "facts"), skipping others."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kernel.kc.get_iopub_msg(timeout=max(0.05, deadline - time.monotonic()))
        except queue.Empty:
            break
        if msg["msg_type"] == "comm_msg" and msg["content"]["data"].get("type") == kind:
            return msg["content"]["data"]
    raise AssertionError(f"no {kind!r} message from the probe within {timeout} s")
