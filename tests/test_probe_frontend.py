"""The front-end probe client (src/kernel/client.ts) end to end: a real Jupyter server, a real
ipykernel, JupyterLab's own kernel services over a websocket, driven by node."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import REPO

ENTRY = REPO / "src" / "kernel" / "__tests__" / "live.ts"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port, token = _free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", f"--port={port}", f"--IdentityProvider.token={token}",
         "--ServerApp.allow_root=True", "--no-browser", f"--ServerApp.root_dir={tmp_path}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the Jupyter server did not start")
                time.sleep(0.3)
        yield url, token
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_client_installs_measures_reinstalls_and_switches_off(server, tmp_path):
    url, token = server
    bundle = tmp_path / "live.js"
    subprocess.run(
        [str(REPO / "node_modules" / ".bin" / "esbuild"), str(ENTRY), "--bundle", "--platform=node",
         "--format=cjs", "--loader:.py=text", f"--outfile={bundle}", "--log-level=warning"],
        check=True, cwd=REPO,
    )
    env = dict(os.environ, JUPYTER_URL=url, JUPYTER_TOKEN=token, REPORT=str(tmp_path / "report.json"))
    out = subprocess.run(["node", str(bundle)], capture_output=True, text=True, env=env, timeout=180)
    assert out.returncode == 0, out.stderr
    report = json.loads((tmp_path / "report.json").read_text())

    (first,) = report["first"]
    assert 0.3 <= first["wall_s"] < 2 and first["cpu_s"] < 0.2 and "timing_only" not in first
    assert report["sawRunning"]
    assert report["hello"] == {"enabled": True, "start_delay_s": 0.1, "interval_s": 0.01}
    # A sleep, profiled: the time waits on the cell's line 2.
    (line, *_) = first["profile"]["lines"]
    assert (line["cell_id"], line["line"]) == ("live-1", 2) and line["waiting_s"] > 0.15
    # The profile setting switched off live, then kept off across a restart (sent after the
    # new probe's hello), then on again: only the timings stay while it is off.
    (off_live,) = report["profilingOff"]
    (second,) = report["afterRestart"]
    for run in (off_live, second):
        assert "timing_only" not in run and run["wall_s"] >= 0.3 and "profile" not in run
    (on_again,) = report["profilingOn"]
    assert on_again["profile"]["lines"][0]["cell_id"] == "live-2-on"
    (off,) = report["switchedOff"]
    assert off["timing_only"] is True and off["wall_s"] >= 0.2
    assert report["hooksAfterOff"] == "0"
    statuses = report["statuses"]
    assert statuses[:2] == ["installing", "probed"]
    assert "restarting" in statuses and statuses[-1] == "timings-only"
