"""A fresh kernel with the probe installed, driven the way JupyterLab drives it: execute requests
carry the cell's id in their metadata (`cellId`, which ipykernel hands to the probe's hooks), and
the probe's comm messages (docs/facts.md) are read off the IOPub channel."""

from __future__ import annotations

import os
import queue
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from jupyter_client.manager import KernelManager

from .errors import InputError
from .install import PROBE_TARGET, SILENT, install_code
from .notebook import is_python

START_TIMEOUT_S = 60.0
POLL_S = 0.2
RECORD_WAIT_S = 10.0  # the probe sends a record about 20 ms after the kernel goes idle
INTERRUPT_GRACE_S = 10.0  # after --timeout interrupts a cell, this long for it to stop
FACTS_WAIT_S = 30.0


class ProbeError(RuntimeError):
    """The probe could not be installed: nothing can be measured."""


@dataclass
class Execution:
    """What one cell's execute request came to."""

    status: str  # "ok", "error", "timeout" (interrupted by --timeout), "stuck" or "died"
    elapsed_s: float  # seen from here: request sent -> kernel idle (or dead)
    records: list = field(default_factory=list)  # the probe's run records for this cell
    busy_s: float | None = None  # the kernel's own busy -> idle time, from its status stamps
    error: str | None = None  # "<name>: <message>" from the reply of a cell that raised
    exit_code: int | None = None  # of a kernel that died


class ProbedKernel:
    def __init__(self, name: str, cwd: Path):
        self.km = KernelManager(kernel_name=name)
        # The kernel's own output is not ours to print (it would mix into `advise --json`); its
        # stderr is kept to say what happened should it die.
        self.log = tempfile.TemporaryFile()
        try:
            self.km.start_kernel(cwd=str(cwd), stdout=subprocess.DEVNULL, stderr=self.log)
        except Exception as error:
            self.log.close()
            raise InputError(f"the kernel '{name}' did not start ({error})") from None
        self.kc = self.km.client()
        self.kc.start_channels()
        self.comm_id = None
        self.hello = None
        self.records: dict[str, list] = {}
        self.facts_replies: dict[int, dict] = {}
        self.faults: list[str] = []
        self._stamps: dict[str, dict] = {}  # msg_id -> {"busy": date, "idle": date}
        self._replies: dict[str, dict] = {}
        self._check_language(name)
        self.log_start = os.fstat(self.log.fileno()).st_size  # what it said while starting is no news

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)
        self.log.close()

    def last_words(self, lines: int = 3) -> list[str]:
        """The end of what the kernel wrote to its stderr."""
        self.log.seek(self.log_start)
        text = self.log.read()[-4096:].decode("utf-8", "replace")
        return [line for line in text.splitlines() if line.strip()][-lines:]

    def _check_language(self, name: str) -> None:
        try:
            self.kc.wait_for_ready(timeout=START_TIMEOUT_S)
            reply = self.kc.kernel_info(reply=True, timeout=START_TIMEOUT_S)
        except (RuntimeError, queue.Empty):
            self.close()
            raise InputError(f"the kernel '{name}' did not start within {START_TIMEOUT_S:g} s") from None
        language = reply["content"].get("language_info", {}).get("name", "")
        if not is_python(language):
            self.close()
            raise InputError(
                f"the kernel '{name}' runs {language or 'an unknown language'}; only Python kernels can be measured"
            )

    # The probe.

    def install_probe(self) -> dict:
        """Installs the probe with the front end's own request; returns its hello facts."""
        msg_id = self._send("execute_request", {"code": install_code(), "user_expressions": {}, **SILENT})
        # The hello comes over iopub from the probe's own thread, so it may arrive after the reply and
        # the idle status: wait for all three (or for an error reply, which means no hello will come).
        self._pump(
            lambda: self._idle(msg_id)
            and msg_id in self._replies
            and (self.hello is not None or self._replies[msg_id].get("status") != "ok"),
            deadline=time.monotonic() + START_TIMEOUT_S,
        )
        reply = self._replies.get(msg_id, {})
        if reply.get("status") != "ok" or self.hello is None:
            if reply.get("status") == "error":
                detail = f"{reply.get('ename')}: {reply.get('evalue')}"
            else:
                detail = "no hello from the probe" if reply else "no reply"
            raise ProbeError(f"the probe could not be installed in the kernel ({detail})")
        return self.hello

    def facts(self, request_id: int = 1) -> dict | None:
        """Fresh facts (variable sizes after the run), asked over the comm as the panel does."""
        self._send("comm_msg", {"comm_id": self.comm_id, "data": {"type": "facts-request", "request_id": request_id}})
        self._pump(lambda: request_id in self.facts_replies, deadline=time.monotonic() + FACTS_WAIT_S)
        return self.facts_replies.get(request_id)

    # Cells.

    def run(self, code: str, key: str, timeout: float | None, on_wait: Callable[[float], None]) -> Execution:
        """Executes one cell as JupyterLab does, and waits for the probe's record of it."""
        before = len(self.records.get(key, []))
        started = time.monotonic()
        msg_id = self._send(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": False,
            },
            metadata={"cellId": key},
        )
        status = self._wait_idle(msg_id, started, timeout, on_wait)
        elapsed = time.monotonic() - started
        if status in ("died", "stuck"):
            return Execution(status, elapsed, exit_code=self._exit_code())
        self._pump(lambda: len(self.records.get(key, [])) > before, deadline=time.monotonic() + RECORD_WAIT_S)
        reply = self._replies.pop(msg_id, {})
        if status == "ok" and reply.get("status") == "error":
            status = "error"
        stamps = self._stamps.pop(msg_id, {})
        busy = (stamps["idle"] - stamps["busy"]).total_seconds() if len(stamps) == 2 else None
        error = f"{reply.get('ename')}: {reply.get('evalue')}" if reply.get("status") == "error" else None
        return Execution(status, elapsed, self.records.get(key, [])[before:], busy, error, None)

    def _wait_idle(self, msg_id, started, timeout, on_wait) -> str:
        interrupted_at = None
        while not self._idle(msg_id):
            if not self.km.is_alive():
                return "died"
            now = time.monotonic()
            if timeout is not None and interrupted_at is None and now - started > timeout:
                self.km.interrupt_kernel()
                interrupted_at = now
            if interrupted_at is not None and now - interrupted_at > INTERRUPT_GRACE_S:
                return "stuck"
            on_wait(now - started)
            self._pump(lambda: self._idle(msg_id), deadline=now + POLL_S)
        return "ok" if interrupted_at is None else "timeout"

    def _exit_code(self) -> int | None:
        process = getattr(self.km.provisioner, "process", None)
        return None if process is None else process.poll()

    # Messages.

    def _send(self, kind: str, content: dict, metadata: dict | None = None) -> str:
        msg = self.kc.session.msg(kind, content, metadata=metadata or {})
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def _idle(self, msg_id: str) -> bool:
        return "idle" in self._stamps.get(msg_id, {})

    def _pump(self, done: Callable[[], bool], deadline: float) -> None:
        """Reads IOPub (and the shell replies) until `done()` or the deadline, or the kernel dies."""
        while not done():
            self._drain_replies()
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                msg = self.kc.get_iopub_msg(timeout=min(left, POLL_S))
            except queue.Empty:
                if not self.km.is_alive():
                    return
                continue
            self._on_iopub(msg)
        self._drain_replies()

    def _drain_replies(self) -> None:
        while True:
            try:
                msg = self.kc.get_shell_msg(timeout=0)
            except queue.Empty:
                return
            self._replies[msg["parent_header"].get("msg_id")] = msg["content"]

    def _on_iopub(self, msg: dict) -> None:
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status":
            parent = msg["parent_header"].get("msg_id")
            if parent is not None and content.get("execution_state") in ("busy", "idle"):
                self._stamps.setdefault(parent, {})[content["execution_state"]] = msg["header"]["date"]
        elif kind == "comm_open" and content.get("target_name") == PROBE_TARGET:
            self.comm_id = content["comm_id"]
            self.hello = content.get("data", {}).get("facts")
        elif kind == "comm_msg" and content.get("comm_id") == self.comm_id:
            self._on_probe(content.get("data", {}))

    def _on_probe(self, data: dict) -> None:
        kind = data.get("type")
        if kind == "runs":
            for run in data.get("runs", []):
                if isinstance(run.get("cell_id"), str) and isinstance(run.get("record"), dict):
                    self.records.setdefault(run["cell_id"], []).append(run["record"])
        elif kind == "facts" and isinstance(data.get("request_id"), int):
            self.facts_replies[data["request_id"]] = data.get("facts")
        elif kind == "fault":
            self.faults.append(f"{data.get('where')}: {data.get('error')}")
