"""Shared fixtures: a real IPython kernel (ipykernel) driven with jupyter_client."""

from __future__ import annotations

import queue
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Execution:
    """Everything one execute request produced."""

    reply: dict
    status: str
    stdout: str = ""
    stderr: str = ""
    results: list = field(default_factory=list)  # execute_result / display_data bundles
    error: dict | None = None
    comm_msgs: list = field(default_factory=list)  # comm_open / comm_msg contents
    busy_s: float | None = None  # the kernel's own busy -> idle window, from its status stamps
    busy_at: datetime | None = None  # the stamps themselves (the kernel's clock)
    idle_at: datetime | None = None


class Kernel:
    """A running kernel with a blocking `execute` that gathers iopub output until idle."""

    def __init__(self, km, kc):
        self.km = km
        self.kc = kc

    def execute(self, code: str, timeout: float = 120, **kwargs) -> Execution:
        return self.collect(self.kc.execute(code, **kwargs), timeout)

    def collect(self, msg_id: str, timeout: float = 120) -> Execution:
        """Waits for the reply and the iopub output of a request already sent."""
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        out = Execution(reply=reply["content"], status=reply["content"]["status"])
        busy_at = None
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            kind = msg["msg_type"]
            content = msg["content"]
            if kind in ("comm_open", "comm_msg"):
                out.comm_msgs.append(msg)  # comm traffic may come after idle; see drain_comms
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if kind == "status" and content["execution_state"] == "busy":
                busy_at = msg["header"]["date"]
            elif kind == "status" and content["execution_state"] == "idle":
                if busy_at is not None:
                    out.busy_s = (msg["header"]["date"] - busy_at).total_seconds()
                    out.busy_at, out.idle_at = busy_at, msg["header"]["date"]
                return out
            elif kind == "stream":
                setattr(out, content["name"], getattr(out, content["name"]) + content["text"])
            elif kind in ("execute_result", "display_data"):
                out.results.append(content["data"])
            elif kind == "error":
                out.error = content

    def drain_comms(self, wait: float = 0.5) -> list:
        """Comm messages that arrive within `wait` seconds of the last one."""
        msgs = []
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=wait)
            except queue.Empty:
                return msgs
            if msg["msg_type"] in ("comm_open", "comm_msg"):
                msgs.append(msg)

    def value(self, expression: str):
        """Evaluates an expression silently (user_expressions), returning its text/plain repr."""
        out = self.execute("", silent=True, store_history=False, user_expressions={"v": expression})
        result = out.reply["user_expressions"]["v"]
        assert result["status"] == "ok", result
        return result["data"]["text/plain"]


def _running_kernel(env: dict | None = None):
    """A kernel; `env` replaces its environment (e.g. a batch job's variables)."""
    extra = {} if env is None else {"env": env}
    km, kc = start_new_kernel(kernel_name="python3", extra_arguments=[], cwd=str(REPO), **extra)
    try:
        yield Kernel(km, kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.fixture
def kernel():
    """A fresh python3 kernel (the .venv's kernelspec), shut down after the test."""
    yield from _running_kernel()


@pytest.fixture
def control_kernel():
    """A second fresh kernel, for comparing behaviour with and without something installed."""
    yield from _running_kernel()


@pytest.fixture(scope="session")
def python_executable() -> str:
    return sys.executable
