"""`jupyter optimiser measure`: a fresh real kernel with the real probe, run as a user runs it (a
subprocess, its stderr read back), on the demo notebook and on small notebooks in
tests/fixtures/cli/ that raise, kill the kernel or run past --timeout."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import REPO
from template_support import shrunk_notebook

FIXTURES = REPO / "tests" / "fixtures" / "cli"
SCHEMA = Draft202012Validator(json.loads((REPO / "src" / "facts.schema.json").read_text()))


def optimiser(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jupyterlab_optimiser", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,  # where `python -m` finds the package
        **kwargs,
    )


def measured(notebook: Path, tmp_path: Path, *options) -> tuple[subprocess.CompletedProcess, dict]:
    output = tmp_path / "facts.json"
    output.unlink(missing_ok=True)  # a failed run must not be judged on an earlier run's file
    done = optimiser("measure", notebook, "--output", output, *options)
    assert output.exists(), done.stderr
    facts = json.loads(output.read_text())
    assert not list(SCHEMA.iter_errors(facts)), list(SCHEMA.iter_errors(facts))[:1]
    return done, facts


def test_demo_notebook_gives_one_sensible_run_per_code_cell(tmp_path):
    notebook = shrunk_notebook(20, tmp_path)
    before = notebook.read_bytes(), notebook.stat().st_mtime_ns
    done, facts = measured(notebook, tmp_path)
    assert done.returncode == 0, done.stderr
    code_cells = [c["id"] for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "code"]
    assert list(facts["runs"]) == code_cells
    assert all(len(runs) == 1 and runs[0]["ok"] and "timing_only" not in runs[0] for runs in facts["runs"].values())
    runs = {cell: runs[0] for cell, runs in facts["runs"].items()}
    # Pure-Python cells keep one core busy: CPU close to wall, counting the time the kernel was
    # queued for a core when other work shares the machine (the profile's `queued_s`). The
    # external program's work is a child's, and BLAS may use every core for the eigenvalues.
    def busy(run):
        return run["cpu_s"] + run.get("profile", {}).get("queued_s", 0.0)

    for cell in ("series-loop", "list-arithmetic", "time-stepping", "word-stats", "pipeline"):
        assert 0.02 < runs[cell]["wall_s"] < 30, (cell, runs[cell])
        assert 0.5 < busy(runs[cell]) / runs[cell]["wall_s"] < 1.5, (cell, runs[cell])
    external = runs["external-runs"]
    assert external["children_cpu_s"] > 0.5 * external["wall_s"] > external["cpu_s"], external
    assert busy(runs["already-vectorised"]) > 0.5 * runs["already-vectorised"]["wall_s"]
    assert "numpy" in runs["setup"]["imported"]
    assert runs["already-vectorised"]["profile"]["lines"]  # a seconds-long cell: the probe's profile is kept
    assert facts["machine"]["cores"] == len(os.sched_getaffinity(0))
    import numpy

    assert facts["libraries"]["numpy"] == numpy.__version__
    assert facts["variables"]["matrix"] == {
        "type": "ndarray",
        "nbytes": 3000 * 3000 * 8,
        "shape": [3000, 3000],
        "dtype": "float64",
    }
    lines = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in lines] == [f"[{n}/9" for n in range(1, 10)]
    assert lines[1].startswith("[2/9] cell 4 (id series-loop): ") and lines[1].endswith(" s")
    assert (notebook.read_bytes(), notebook.stat().st_mtime_ns) == before  # never written


def test_a_raising_cell_is_recorded_and_the_run_goes_on(tmp_path):
    done, facts = measured(FIXTURES / "cells.ipynb", tmp_path)
    assert done.returncode == 4, done.stderr
    assert list(facts["runs"]) == ["setup", "squares", "boom", "after"]  # the empty cell is not sent
    boom = facts["runs"]["boom"]
    assert len(boom) == 1 and boom[0]["ok"] is False and boom[0]["error"] == "ValueError: bad value"
    assert facts["runs"]["after"][0]["ok"] is True
    assert facts["variables"]["squares"] == {"type": "list", "len": 300_000}  # sizes after the run
    assert "[3/4] cell 4 (id boom): " in done.stderr and "raised ValueError: bad value" in done.stderr
    assert "not successful: cell 4 (id boom)" in done.stderr.splitlines()[-1]


def test_stop_on_error_stops_at_the_raising_cell(tmp_path):
    done, facts = measured(FIXTURES / "cells.ipynb", tmp_path, "--stop-on-error")
    assert done.returncode == 4
    assert list(facts["runs"]) == ["setup", "squares", "boom"]


def test_a_kernel_that_dies_is_named_with_its_cell_and_the_facts_so_far_written(tmp_path):
    done, facts = measured(FIXTURES / "kills.ipynb", tmp_path)
    assert done.returncode == 4
    assert list(facts["runs"]) == ["setup", "crash"]
    (crash,) = facts["runs"]["crash"]
    assert crash["ok"] is False and crash["timing_only"] is True
    assert crash["error"] == "KernelDied: the kernel died while the cell ran (exit code 1)"
    assert "the kernel died in cell 2 (id crash)" in done.stderr
    assert facts["machine"]["cores"] >= 1 and facts["libraries"]


def test_timeout_interrupts_the_cell_and_the_kernel_runs_the_next(tmp_path):
    started = time.monotonic()
    done, facts = measured(FIXTURES / "sleeps.ipynb", tmp_path, "--timeout", "2")
    assert time.monotonic() - started < 30  # the cell sleeps 60 s
    assert done.returncode == 4
    (slow,) = facts["runs"]["slow"]
    assert slow["ok"] is False and slow["error"] == "KeyboardInterrupt: stopped by --timeout after 2 s"
    assert 1.9 < slow["wall_s"] < 15
    assert facts["runs"]["after"][0]["ok"] is True
    assert "[1/2] cell 1 (id slow): stopped by --timeout" in done.stderr


def test_a_cell_that_ignores_the_interrupt_gets_its_kernel_shut_down(tmp_path):
    notebook = _notebook(
        tmp_path, ["import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(120)", "x = 1"]
    )
    started = time.monotonic()
    done, facts = measured(notebook, tmp_path, "--timeout", "1")
    assert time.monotonic() - started < 60
    assert done.returncode == 4
    (stuck,) = facts["runs"]["c0"]
    assert stuck["ok"] is False and "the kernel was shut down" in stuck["error"]
    assert "c1" not in facts["runs"]
    assert "did not stop after --timeout and was shut down in cell 1 (id c0)" in done.stderr


def test_cell_selection_runs_what_the_chosen_cell_needs(tmp_path):
    done, facts = measured(FIXTURES / "deps.ipynb", tmp_path, "--cell", "result")
    assert done.returncode == 0, done.stderr
    # `unrelated` is not needed; `rebase` is, because scaled() reads base when `result` calls it.
    assert list(facts["runs"]) == ["imports", "base", "items", "fill", "define", "rebase", "result"]
    assert "cell 5 (id fill) for items" in done.stderr and "cell 7 (id rebase) for base" in done.stderr
    done, facts = measured(FIXTURES / "deps.ipynb", tmp_path, "--cell", "unrelated", "base")
    assert done.returncode == 0, done.stderr
    assert list(facts["runs"]) == ["base", "unrelated"]


def test_cells_without_ids_are_keyed_by_index(tmp_path):
    done, facts = measured(FIXTURES / "no-ids.ipynb", tmp_path, "--cell", "2")
    assert done.returncode == 0, done.stderr
    assert list(facts["runs"]) == ["1", "2"]


def test_nbformat_3_is_converted_and_keyed_by_index(tmp_path):
    import nbformat
    from nbformat.v3 import new_code_cell, new_notebook, new_text_cell, new_worksheet

    cells = [new_code_cell(input="x = 1"), new_text_cell("markdown", "text"), new_code_cell(input="y = x + 1")]
    path = tmp_path / "old.ipynb"
    path.write_text(nbformat.writes(new_notebook(worksheets=[new_worksheet(cells=cells)]), version=3))
    done, facts = measured(path, tmp_path)
    assert done.returncode == 0, done.stderr
    assert list(facts["runs"]) == ["0", "2"] and all(r[0]["ok"] for r in facts["runs"].values())


def test_duplicate_ids_are_said_and_keyed_apart(tmp_path):
    notebook = _notebook(tmp_path, ["a = 1", "b = 2"], ids=["same", "same"])
    done, facts = measured(notebook, tmp_path)
    assert list(facts["runs"]) == ["same", "1"]
    assert "cells 0 and 1 share the id 'same'" in done.stderr


def test_progress_draws_a_bar_on_a_terminal(tmp_path):
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab_optimiser",
            "measure",
            str(FIXTURES / "no-ids.ipynb"),
            "--output",
            str(tmp_path / "f.json"),
        ],
        stderr=follower,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=120) == 0
    text = seen.decode()
    assert "\r\x1b[K[------------------------] 1/2 cell 2" in text
    assert "\r\x1b[K[############------------] 2/2 cell 3" in text
    assert "[2/2] cell 3: " in text


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "is not JSON"),
        ("[1, 2]", "is not a notebook"),
        ('{"nbformat": 5, "cells": []}', "is not an nbformat 4 notebook"),
        (
            '{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "ir", "language": "R"}},'
            ' "cells": []}',
            "is a R notebook; only Python notebooks can be measured",
        ),
    ],
)
def test_unusable_notebooks_get_one_line_and_code_2(tmp_path, content, message):
    path = tmp_path / "bad.ipynb"
    path.write_text(content)
    done = optimiser("measure", path, "--output", tmp_path / "f.json")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert not (tmp_path / "f.json").exists()


def test_python3_as_the_language_is_python(tmp_path):
    notebook = _notebook(tmp_path, ["x = 1"], language="python3")
    done, facts = measured(notebook, tmp_path)
    assert done.returncode == 0, done.stderr


def test_kernels_that_do_not_exist_or_do_not_run_python_are_refused(tmp_path):
    notebook = FIXTURES / "no-ids.ipynb"
    done = optimiser("measure", notebook, "--output", tmp_path / "f.json", "--kernel", "no-such-kernel")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "there is no kernel named 'no-such-kernel'" in done.stderr
    # A real kernelspec for another language; it is refused before anything starts.
    spec = tmp_path / "share" / "kernels" / "fake-r"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": ["false"], "display_name": "R", "language": "R"}))
    env = dict(os.environ, JUPYTER_PATH=str(tmp_path / "share"))
    done = optimiser("measure", notebook, "--output", tmp_path / "f.json", "--kernel", "fake-r", env=env)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "the kernel 'fake-r' runs R; only Python kernels can be measured" in done.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--output", "{tmp}/missing/f.json"], "no such directory"),
        (["--output", "{notebook}"], "is the notebook itself"),
        (["--output", "{tmp}/f.json", "--cell", "nope"], "has no code cell with id 'nope'"),
        (["--output", "{tmp}/f.json", "--timeout", "-1"], "is not a positive number of seconds"),
        ([], "the following arguments are required: --output"),
    ],
)
def test_bad_usage_gets_one_line_and_code_2(tmp_path, args, message):
    notebook = tmp_path / "nb.ipynb"
    notebook.write_bytes((FIXTURES / "no-ids.ipynb").read_bytes())
    args = [a.format(tmp=tmp_path, notebook=notebook) for a in args]
    done = optimiser("measure", notebook, *args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def _notebook(tmp_path: Path, sources: list[str], ids: list[str] | None = None, language: str = "python") -> Path:
    ids = ids or [f"c{i}" for i in range(len(sources))]
    cells = [
        {"cell_type": "code", "id": i, "metadata": {}, "source": s, "outputs": [], "execution_count": None}
        for i, s in zip(ids, sources)
    ]
    path = tmp_path / "made.ipynb"
    metadata = {"kernelspec": {"name": "python3", "language": language, "display_name": "Python 3"}}
    path.write_text(json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}))
    return path
