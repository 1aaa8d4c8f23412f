"""`jupyter optimiser advise NOTEBOOK.ipynb [--facts FACTS.json | --measure] [--cell ID] [--json]`:
the advice engine itself (the bundled cli.js, the same code as the panel), run on a JavaScript
runtime; its output and exit code pass through unchanged."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from .assets import asset
from .errors import EXIT_OK
from .measure import Options, measure
from .runtime import node


def engine(arguments: list[str], capture: bool = False) -> subprocess.CompletedProcess:
    command = [str(node()), str(asset("cli.js")), "advise", *arguments]
    return subprocess.run(command, capture_output=capture, text=True)


def advise(notebook: Path, facts: Path | None, cell: str | None, as_json: bool, measuring: Options | None) -> int:
    options = [*([f"--cell={cell}"] if cell is not None else []), *(["--json"] if as_json else [])]
    if measuring is None:
        return engine([str(notebook), *([f"--facts={facts}"] if facts else []), *options]).returncode
    # Ask the engine about the notebook first, so that input it refuses costs no kernel run.
    check = engine([str(notebook), *options], capture=True)
    if check.returncode != EXIT_OK:
        sys.stderr.write(check.stderr)
        return check.returncode
    with tempfile.TemporaryDirectory(prefix="jupyter-optimiser-") as scratch:
        if measuring.output is None:
            measuring.output = Path(scratch) / f"{notebook.stem}.facts.json"
            measuring.scratch_output = True
        measure(measuring)  # cells that failed are named on stderr; the advice still comes
        return engine([str(notebook), f"--facts={measuring.output}", *options]).returncode
