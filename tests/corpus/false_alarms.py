"""Counts the advice cards the CLI gives on real public notebooks opened without running (issue 12).

Usage: python tests/corpus/false_alarms.py [--max-percent P] [--cli lib/cli.js]

For every notebook in notebooks/index.json it runs `node lib/cli.js advise <file> --json` with no
facts, as a user who opened the notebook and ran nothing would see it, and counts the code cells
that get at least one card. None of these cells has run, so a card can rest on the code alone;
most should get none. It prints one line per notebook, the total, then every carded cell (notebook,
cell index, rules, first line of the source) for someone to judge, and the notebooks the CLI
refused (exit 2) with its message; those are counted apart, not in the percentage.

Exit status: 0, or 1 when the percentage is above --max-percent, or 2 when the set or the CLI is
broken (a missing build, a notebook that no longer matches index.json, a CLI crash).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTEBOOKS = HERE / "notebooks"
ROOT = HERE.parent.parent
REFUSED = 2  # the CLI's exit code for input it cannot use (docs/cli.md)


class SetError(Exception):
    """The notebook set or the CLI is unusable: the count would mean nothing."""


@dataclass
class Result:
    file: str
    code_cells: int
    carded: list[dict] = field(default_factory=list)  # {"index", "rules", "line"}
    refused: str | None = None


def all_cells(notebook: dict) -> list[dict]:
    """The cells in order; nbformat 3 keeps them in worksheets, which the CLI's upgrade (as
    nbformat's) joins into one list, so its cell indices count through the worksheets."""
    if notebook.get("nbformat") == 3:
        return [
            c
            for sheet in notebook.get("worksheets", [])
            for c in sheet.get("cells", [])
        ]
    return notebook.get("cells", [])


def code_cells(notebook: dict) -> list[dict]:
    return [c for c in all_cells(notebook) if c.get("cell_type") == "code"]


def first_line(cell: dict) -> str:
    source = cell.get("source", cell.get("input", ""))  # nbformat 3 code cells say "input"
    text = "".join(source) if isinstance(source, list) else source
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    return line if len(line) <= 90 else line[:87] + "..."


def run_cli(cli: Path, path: Path) -> subprocess.CompletedProcess:
    # A path relative to the repository keeps this machine's directories out of the report.
    command = ["node", str(cli), "advise", str(path.relative_to(ROOT)), "--json"]
    return subprocess.run(
        command, check=False, capture_output=True, text=True, cwd=ROOT
    )


def advise(cli: Path, entry: dict) -> Result:
    path = NOTEBOOKS / entry["file"]
    notebook = json.loads(path.read_text(encoding="utf-8"))
    count = len(code_cells(notebook))
    if count != entry["code_cells"]:
        raise SetError(
            f"{entry['file']}: {count} code cells, index.json says {entry['code_cells']}"
        )
    result = Result(entry["file"], count)
    done = run_cli(cli, path)
    if done.returncode == REFUSED:
        result.refused = done.stderr.strip()
        return result
    if done.returncode != 0:
        raise SetError(
            f"{entry['file']}: the CLI exited {done.returncode}: {done.stderr.strip()}"
        )
    cells = all_cells(notebook)
    for cell in json.loads(done.stdout)["cells"]:
        if cell["advice"]:
            rules = [f"{a['rule']} ({a['confidence']})" for a in cell["advice"]]
            line = first_line(cells[cell["index"]])
            result.carded.append({"index": cell["index"], "rules": rules, "line": line})
    return result


def percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def report(results: list[Result]) -> float:
    """Prints the per-notebook lines, the total and the lists; returns the percentage."""
    advised = [r for r in results if r.refused is None]
    refused = [r for r in results if r.refused is not None]
    for r in results:
        counts = (
            "refused by the CLI" if r.refused else f"{len(r.carded)} / {r.code_cells}"
        )
        print(f"{r.file}: {counts}")
    cards = sum(len(r.carded) for r in advised)
    cells = sum(r.code_cells for r in advised)
    share = percent(cards, cells)
    print(
        f"\nfalse-alarm cards: {cards} of {cells} code cells ({share:.2f} %) "
        f"in {len(advised)} notebooks"
    )
    print(f"\ncells with a card ({cards}):")
    for r in advised:
        for c in r.carded:
            print(f"  {r.file} cell {c['index']}: {', '.join(c['rules'])}: {c['line']}")
    refused_cells = sum(r.code_cells for r in refused)
    print(f"\nrefused by the CLI: {len(refused)} notebooks, {refused_cells} code cells")
    for r in refused:
        print(f"  {r.file}: {r.refused}")
    return share


def stale_build_warning(cli: Path) -> str | None:
    built = cli.stat().st_mtime
    newer = [
        p
        for p in (ROOT / "src").rglob("*")
        if p.is_file() and p.stat().st_mtime > built
    ]
    if newer:
        return f"warning: {cli} is older than {len(newer)} files in src/ (npm run build:cli)"
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--max-percent", type=float, help="exit 1 when above this percentage"
    )
    parser.add_argument("--cli", type=Path, default=ROOT / "lib" / "cli.js")
    args = parser.parse_args(argv)
    if not args.cli.is_file():
        print(f"{args.cli} is missing: run npm run build:cli", file=sys.stderr)
        return 2
    warning = stale_build_warning(args.cli)
    if warning:
        print(warning, file=sys.stderr)
    index = json.loads((NOTEBOOKS / "index.json").read_text(encoding="utf-8"))
    try:
        results = [advise(args.cli, entry) for entry in index]
    except SetError as error:
        print(error, file=sys.stderr)
        return 2
    share = report(results)
    if args.max_percent is not None and share > args.max_percent:
        print(f"\nabove the limit of {args.max_percent} %", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
