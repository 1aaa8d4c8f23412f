"""Runs field-corpus cases in a fresh IPython kernel (ipykernel), as a notebook would: each setup cell,
then the case's source. Prints the source's wall time and whether it raised.

Usage: python tests/corpus/run_case.py CASE.json [CASE.json ...] [--update]
  --update   writes the measured wall time into the case's "seconds_here"

For collecting and checking cases; the facts the advice is judged on come from measure.py (with the
probe installed).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel


def execute(kc, code: str, timeout: float = 600) -> tuple[float, str | None]:
    """Runs one cell; returns (wall seconds as the client saw it, "Name: message" or None)."""
    start = time.perf_counter()
    msg_id = kc.execute(code, store_history=True)
    error = None
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "error":
            error = f"{msg['content']['ename']}: {msg['content']['evalue']}"[:300]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    return time.perf_counter() - start, error


def run_case(path: Path, update: bool) -> None:
    case = json.loads(path.read_text())
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(path.parent))
    try:
        for i, cell in enumerate(case.get("setup", []), 1):
            seconds, error = execute(kc, cell)
            if error:
                print(f"{path.name}: setup-{i} raised {error}")
        seconds, error = execute(kc, case["source"])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    outcome = f"raised {error}" if error else "ok"
    print(f"{path.name}: {seconds:.2f} s, {outcome}")
    if update:
        case["seconds_here"] = round(seconds, 2)
        path.write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> int:
    update = "--update" in argv
    for arg in argv:
        if arg != "--update":
            run_case(Path(arg), update)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
