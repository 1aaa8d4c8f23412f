"""Helpers for the template tests and the benchmark: the demo notebook (optionally shrunk), the
inserted cells from the real CLI or from renderTemplate, and running them in a real kernel."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "examples" / "slow-cells.ipynb"
CLI = REPO / "lib" / "cli.js"
RENDER_ENTRY = REPO / "tests" / "render_template.ts"
VERIFY_LINE = re.compile(r"^verify: equal=(True|False) speedup=([0-9.]+|inf)x original=(\S+)s new=(\S+)s", re.M)


def load_notebook(path: Path = NOTEBOOK) -> dict:
    return json.loads(path.read_text())


def cell_sources(nb: dict) -> dict[str, str]:
    return {c["id"]: "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"}


def shrink_source(source: str, factor: int) -> str:
    """Divides every integer literal of at least 100_000 by `factor`, found through Python's
    syntax tree (so strings and names are never touched), keeping the rest of the text as is."""
    tree = ast.parse(source)
    lines = source.split("\n")
    edits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) is int and node.value >= 100_000:
            edits.append((node, str(max(1, node.value // factor))))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.lineno == node.end_lineno:
            try:  # a string of Python code (a program the cell runs): shrink inside it too
                inner = shrink_source(node.value, factor)
            except SyntaxError:
                continue
            if inner != node.value:
                edits.append((node, json.dumps(inner)))
    # Replace from the end so earlier offsets stay valid (these literals sit on one line).
    for node, text in sorted(edits, key=lambda e: (e[0].lineno, e[0].col_offset), reverse=True):
        line = lines[node.lineno - 1].encode()
        line = line[:node.col_offset] + text.encode() + line[node.end_col_offset:]
        lines[node.lineno - 1] = line.decode()
    return "\n".join(lines)


def shrunk_notebook(factor: int, directory: Path) -> Path:
    nb = load_notebook()
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["source"] = shrink_source("".join(cell["source"]), factor)
    path = directory / f"slow-cells-shrunk-{factor}.ipynb"
    path.write_text(json.dumps(nb))
    return path


def build_cli() -> None:
    """Rebuilds lib/cli.js from the current sources (fast: one esbuild bundle)."""
    subprocess.run(
        ["flock", "/tmp/build.lock", "npm", "run", "--silent", "build:cli"],
        cwd=REPO, check=True, capture_output=True,
    )


def advise(notebook: Path, facts: Path | None = None) -> dict[str, dict[str, list]]:
    """cell id -> rule -> inserted cells, from the real CLI's JSON (with measured facts if given)."""
    done = subprocess.run(
        ["node", str(CLI), "advise", str(notebook), "--json", *(["--facts", str(facts)] if facts else [])],
        cwd=REPO, check=False, capture_output=True, text=True,
    )
    data = json.loads(done.stdout)
    return {
        cell["id"]: {advice["rule"]: advice["insert"] for advice in cell["advice"]}
        for cell in data["cells"]
    }


_RENDERER: list[Path] = []


def renderer() -> Path:
    """A node bundle of tests/render_template.ts (renderTemplate over the real analysis)."""
    if not _RENDERER:
        out = Path(tempfile.mkdtemp(prefix="optimiser-render-")) / "render.js"
        subprocess.run(
            ["npx", "--no-install", "esbuild", str(RENDER_ENTRY), "--bundle", "--platform=node",
             f"--outfile={out}", "--log-level=error"],
            cwd=REPO, check=True, capture_output=True,
        )
        _RENDERER.append(out)
    return _RENDERER[0]


def render(notebook: Path, cell_id: str, rule: str, pool: str = "pathos", facts: Path | None = None) -> list:
    args = ["node", str(renderer()), str(notebook), cell_id, rule, pool]
    if facts is not None:
        args.append(str(facts))
    done = subprocess.run(args, cwd=REPO, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def inserted(notebook: Path, cell_id: str, rule: str, cli: dict | None, pool: str = "pathos") -> list:
    """The rule's cells from the CLI when its advice for the cell has that rule, else rendered."""
    if cli is not None and pool == "pathos" and rule in cli.get(cell_id, {}) and cli[cell_id][rule]:
        return cli[cell_id][rule]
    return render(notebook, cell_id, rule, pool)


def run_cells(kernel, setup: str, original: str, cells: list, timeout: float = 240) -> list:
    """Runs the setup cell, the original cell and the inserted code cells; returns executions."""
    runs = []
    for code in [setup, original] + [c["source"] for c in cells if c["cell_type"] == "code"]:
        out = kernel.execute(code, timeout=timeout)
        runs.append(out)
        if out.error is not None:
            raise AssertionError(
                f"cell failed: {out.error['ename']}: {out.error['evalue']}\n--- code ---\n{code[:3000]}\n"
                f"--- stdout ---\n{out.stdout[-3000:]}\n--- stderr ---\n{out.stderr[-3000:]}"
            )
    return runs


def verify_result(stdout: str) -> tuple[bool, float, float, float]:
    """(equal, speedup, original seconds, new seconds) from the verify line."""
    matches = VERIFY_LINE.findall(stdout)
    assert matches, f"no verify line in:\n{stdout[-3000:]}"
    equal, speedup, old, new = matches[-1]
    return equal == "True", float(speedup), float(old), float(new)
