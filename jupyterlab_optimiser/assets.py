"""Where the files the commands need are: inside an installed wheel, or in the source tree.

The wheel carries them in ``jupyterlab_optimiser/_bundled/`` (hatch ``force-include`` in
pyproject.toml maps them there at build time, so git holds one copy of each); an editable install
or a clone reads the originals in place.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUNDLED = PACKAGE / "_bundled"
SOURCE_TREE = PACKAGE.parent

# name in the wheel -> where it lives in the source tree
_ASSETS = {
    "cli.js": "lib/cli.js",  # the advice engine, bundled by `npm run build:cli`
    "probe.py": "src/kernel/probe.py",  # the kernel probe, as the front end installs it
    "verify.py": "src/kernel/verify.py",  # the verify harness, installed with the probe
    "facts.schema.json": "src/facts.schema.json",
}


class MissingAsset(RuntimeError):
    """The package was built without one of its files (a build that skipped the JavaScript)."""


def asset(name: str) -> Path:
    """The path of a bundled file, preferring the wheel's copy."""
    for path in (BUNDLED / name, SOURCE_TREE / _ASSETS[name]):
        if path.is_file():
            return path
    hint = " (run `npm run build` in the repository)" if name == "cli.js" else ""
    raise MissingAsset(f"{name} is missing from this installation{hint}")


def probe_source() -> str:
    """The probe's text, byte for byte (no newline translation), as the front end bundles it."""
    return asset("probe.py").read_bytes().decode("utf-8")


def verify_source() -> str:
    """The verify harness's text, byte for byte, as the front end bundles it."""
    return asset("verify.py").read_bytes().decode("utf-8")
