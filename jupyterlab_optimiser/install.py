"""The probe's install request, the same text the front end sends (``installCode`` in
src/kernel/install.ts): the probe's source executed inside its own private module."""

from __future__ import annotations

import json

from .assets import probe_source, verify_source

PROBE_TARGET = "jupyterlab-optimiser"
PROBE_MODULE = "_jlab_optimiser_probe"
SILENT = {"silent": True, "store_history": False, "allow_stdin": False, "stop_on_error": False}

_MODULE = f'__import__("sys").modules["{PROBE_MODULE}"]'


def install_code(source: str | None = None, harness: str | None = None) -> str:
    """The install request's code: the probe, then the verify harness, in the probe's module.
    ``json.dumps`` without ASCII escapes writes a string exactly as JavaScript's ``JSON.stringify``
    does, and JSON string syntax is valid Python string syntax."""
    text = probe_source() if source is None else source
    checker = verify_source() if harness is None else harness
    return (
        f'__import__("sys").modules.setdefault("{PROBE_MODULE}", '
        f'__import__("types").ModuleType("{PROBE_MODULE}"))\n'
        f'exec(compile({json.dumps(text, ensure_ascii=False)}, "jupyterlab_optimiser_probe.py", "exec"), '
        f"{_MODULE}.__dict__)\n"
        f'exec(compile({json.dumps(checker, ensure_ascii=False)}, "jupyterlab_optimiser_verify.py", "exec"), '
        f"{_MODULE}.__dict__)\n"
    )
