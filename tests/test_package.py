"""The Python package carries the prebuilt extension (JupyterLab reports it enabled) and the
`jupyter optimiser` command with the files it runs."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

EXT = "share/jupyter/labextensions/jupyterlab-optimiser"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
    )
    (built,) = out.glob("jupyterlab_optimiser-*.whl")
    return built


def test_wheel_holds_the_prebuilt_extension(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    data = [n.split(".data/data/", 1)[1] for n in names if ".data/data/" in n]
    assert f"{EXT}/package.json" in data
    assert f"{EXT}/install.json" in data
    assert any(n.startswith(f"{EXT}/static/remoteEntry.") for n in data)
    assert f"{EXT}/schemas/jupyterlab-optimiser/plugin.json" in data
    assert f"{EXT}/schemas/jupyterlab-optimiser/commands.json" in data
    package = json.loads(zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(f"{EXT}/package.json"))))
    assert package["name"] == "jupyterlab-optimiser"
    assert package["jupyterlab"]["_build"]["load"].startswith("static/remoteEntry.")


def test_wheel_serves_the_probe_as_static_files_not_as_javascript(wheel):
    """The front end fetches the probe's two Python files from the extension's static folder
    (src/app/probe-code.ts): there, exactly as in the repository, and in no JavaScript chunk."""
    archive = zipfile.ZipFile(wheel)
    static = {n.split("/static/", 1)[1]: n for n in archive.namelist() if f"{EXT}/static/" in n}
    for name in ("probe", "verify"):
        (served,) = [f for f in static if f.startswith(f"{name}.") and f.endswith(".py")]
        text = (REPO / "src" / "kernel" / f"{name}.py").read_text(encoding="utf-8")
        assert archive.read(static[served]).decode("utf-8") == text
    probe_line = 'COMM_TARGET = "jupyterlab-optimiser"'
    for chunk in (f for f in static if f.endswith(".js")):
        assert probe_line not in archive.read(static[chunk]).decode("utf-8"), chunk


def test_installed_wheel_is_listed_enabled(wheel, tmp_path):
    """Installs the wheel into its own prefix and asks JupyterLab about that prefix only."""
    prefix = tmp_path / "prefix"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--prefix", str(prefix), str(wheel)],
        check=True,
    )
    data_dir = prefix / "share" / "jupyter"
    assert (data_dir / "labextensions" / "jupyterlab-optimiser" / "package.json").exists()
    env = dict(os.environ, JUPYTER_PATH=str(data_dir))
    listing = subprocess.run(
        [sys.executable, "-m", "jupyter", "labextension", "list"],
        env=env, capture_output=True, text=True, check=True,
    )
    text = listing.stdout + listing.stderr
    section = text.split(str(data_dir / "labextensions"), 1)[1]
    first_entry = section.strip().splitlines()[0]
    assert "jupyterlab-optimiser v0.1.0" in first_entry
    assert "enabled" in first_entry and "OK" in first_entry
    assert "python, jupyterlab_optimiser" in first_entry


def test_development_install_is_listed_enabled():
    listing = subprocess.run(
        [sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True, text=True, check=True
    )
    lines = [l for l in (listing.stdout + listing.stderr).splitlines() if "jupyterlab-optimiser" in l]
    assert lines and all("enabled" in l and "OK" in l for l in lines), lines


def test_wheel_holds_the_command_and_its_files(wheel):
    """`jupyter optimiser` runs the engine, the probe and the schema from inside the wheel."""
    archive = zipfile.ZipFile(wheel)
    for name, source in (("cli.js", "lib/cli.js"), ("probe.py", "src/kernel/probe.py"),
                         ("verify.py", "src/kernel/verify.py"), ("facts.schema.json", "src/facts.schema.json")):
        assert archive.read(f"jupyterlab_optimiser/_bundled/{name}") == (REPO / source).read_bytes(), name
    entry_points = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")))
    assert "jupyter-optimiser = jupyterlab_optimiser.cli:main" in entry_points.decode()
    version = json.loads((REPO / "package.json").read_text())["version"]
    assert f"'{version}'" in archive.read("jupyterlab_optimiser/_version.py").decode()
