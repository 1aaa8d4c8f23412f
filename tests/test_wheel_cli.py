"""The wheel, built from a fresh `git clone` as a user or CI would build it, installed with its
`cli` extra into a fresh virtual environment with no Node.js on PATH: `jupyter optimiser` works,
reports the real version, and its advice is the engine's own (node lib/cli.js on the same facts).

Slow (a cold npm install and the production build, then a pip install): about two minutes here.
It builds what is committed (HEAD), not uncommitted edits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

VERSION = json.loads((REPO / "package.json").read_text())["version"]
BUNDLED = {
    "cli.js": "lib/cli.js",
    "probe.py": "src/kernel/probe.py",
    "verify.py": "src/kernel/verify.py",
    "facts.schema.json": "src/facts.schema.json",
}


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("clone") / "jupyterlab-optimiser"
    subprocess.run(["git", "clone", "-q", str(REPO), str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def wheel(clone) -> Path:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", "dist", "."],
        cwd=clone,
        env=env,
        check=True,
        capture_output=True,
    )
    (built,) = (clone / "dist").glob("jupyterlab_optimiser-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> dict:
    """A fresh environment and the variables to run it with: its bin only on PATH, its own home."""
    root = tmp_path_factory.mktemp("venv")
    base_python = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base_python, "-m", "venv", str(root / "env")], check=True)
    bin_dir = root / "env" / "bin"
    subprocess.run([str(bin_dir / "pip"), "install", "-q", f"{wheel}[cli]"], check=True, capture_output=True)
    home = root / "home"
    home.mkdir()
    env = {"PATH": str(bin_dir), "HOME": str(home), "LANG": "C.UTF-8"}
    assert shutil.which("node", path=env["PATH"]) is None
    return env


def in_venv(venv, *args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), env=venv, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_a_wheel_from_a_fresh_clone_carries_the_version_and_the_commands_files(wheel, clone):
    archive = zipfile.ZipFile(wheel)
    assert f"__version__ = VERSION = '{VERSION}'" in archive.read("jupyterlab_optimiser/_version.py").decode()
    for name, source in BUNDLED.items():
        assert archive.read(f"jupyterlab_optimiser/_bundled/{name}") == (clone / source).read_bytes(), name
    entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
    assert "jupyter-optimiser = jupyterlab_optimiser.cli:main" in archive.read(entry_points).decode()
    assert not (clone / "jupyterlab_optimiser" / "_bundled").exists()  # no copies beside the sources


def test_the_installed_package_reports_its_version_without_warnings(venv):
    done = in_venv(
        venv, "python", "-W", "error", "-c", "import jupyterlab_optimiser as p; print(p.__version__)", cwd=venv["HOME"]
    )
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, VERSION, "")
    done = in_venv(venv, "jupyter", "optimiser", "--version")
    assert done.stdout.strip() == f"jupyterlab_optimiser {VERSION}"


def test_help_says_how_to_get_the_javascript_runtime(venv):
    done = in_venv(venv, "jupyter", "optimiser", "--help")
    assert done.returncode == 0
    assert "pip install 'jupyterlab_optimiser[cli]'" in done.stdout and "measure" in done.stdout


def test_advise_measure_without_node_on_path_equals_the_engine(venv, clone, tmp_path):
    notebook = tmp_path / "cells.ipynb"
    shutil.copy(REPO / "tests" / "fixtures" / "cli" / "cells.ipynb", notebook)
    done = in_venv(
        venv,
        "jupyter",
        "optimiser",
        "advise",
        "cells.ipynb",
        "--measure",
        "--output",
        "facts.json",
        "--json",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "[4/4] cell 6 (id after)" in done.stderr
    located = in_venv(
        venv, "python", "-c", "from jupyterlab_optimiser.assets import asset; print(asset('probe.py'))", cwd=tmp_path
    )
    assert "site-packages/jupyterlab_optimiser/_bundled/probe.py" in located.stdout
    engine = subprocess.run(
        ["node", str(clone / "lib" / "cli.js"), "advise", "cells.ipynb", "--facts", "facts.json", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == engine.stdout
    facts = json.loads((tmp_path / "facts.json").read_text())
    assert list(facts["runs"]) == ["setup", "squares", "boom", "after"]
