"""`jupyter optimiser measure NOTEBOOK.ipynb --output FACTS.json`: runs the notebook's code cells
in a fresh kernel with the probe installed and writes what it measured. The notebook is only read."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import EXIT_CELL_FAILED, EXIT_OK, InputError
from .facts import assemble, check_writable, problem, write_facts
from .kernels import choose_kernel
from .notebook import Cell, Notebook, read_notebook
from .probed_kernel import Execution, ProbedKernel
from .progress import Progress, describe, plural, seconds
from .selection import select

MAX_ERROR_CHARS = 500  # as the probe cuts its own error text


@dataclass
class Options:
    notebook: Path
    output: Path
    timeout: float | None = None
    kernel: str | None = None
    cells: list[str] | None = None
    stop_on_error: bool = False
    scratch_output: bool = False  # advise --measure: the facts file is temporary, not worth naming


def measure(options: Options) -> int:
    notebook = read_notebook(options.notebook)
    if options.output.resolve() == options.notebook.resolve():
        raise InputError(f"--output {options.output} is the notebook itself; measure never writes the notebook")
    check_writable(options.output)
    plan = plan_cells(notebook, options.cells)
    name = choose_kernel(options.kernel, notebook.kernel_name)
    started = time.monotonic()
    runs, failures, facts = _run(notebook, plan, name, options)
    write_facts(options.output, facts)
    _summary(None if options.scratch_output else options.output, runs, failures, time.monotonic() - started)
    return EXIT_CELL_FAILED if failures else EXIT_OK


def plan_cells(notebook: Notebook, wanted: list[str] | None) -> list[Cell]:
    """Every code cell with code in it, in order (JupyterLab sends no request for an empty cell),
    or the wanted ones after the cells they depend on (see selection.py)."""
    cells = [cell for cell in notebook.cells if cell.source.strip()]
    if not wanted:
        return cells
    positions = {cell.key: i for i, cell in enumerate(cells)}
    for key in wanted:
        if key not in positions:
            empty = any(cell.key == key for cell in notebook.cells)
            raise InputError(f"{notebook.path} has {'only an empty' if empty else 'no'} code cell with id '{key}'")
    chosen = select([cell.source for cell in cells], sorted({positions[key] for key in wanted}))
    plan = [cells[p] for p in chosen.positions]
    if len(plan) > len(set(wanted)):
        needed = "; ".join(
            f"{describe(cells[p])} for {', '.join(names)}" for p, names in sorted(chosen.because.items())
        )
        print(
            f"jupyter-optimiser: running {len(plan)} cells, the chosen ones after what they need: {needed}",
            file=sys.stderr,
        )
    return plan


def _run(notebook: Notebook, plan: list[Cell], name: str, options: Options):
    runs: dict[str, list] = {}
    failures: list[str] = []
    progress = Progress(len(plan))
    with ProbedKernel(name, notebook.path.parent.resolve()) as kernel:
        facts = kernel.install_probe()
        lost = False
        for n, cell in enumerate(plan, 1):
            progress.started(n, cell)
            execution = kernel.run(cell.source, cell.key, options.timeout, progress.waiting)
            records = _records(execution, options.timeout)
            runs.setdefault(cell.key, []).extend(records)
            progress.finished(_outcome(execution, records))
            if not all(record["ok"] for record in records):
                failures.append(describe(cell))
            lost = execution.status in ("died", "stuck")
            if lost:
                _report_lost_kernel(execution, cell, options.output, kernel.last_words())
            if lost or (failures and options.stop_on_error):
                break
        if not lost:
            facts = kernel.facts() or facts  # variable sizes as the run left them
        for fault in dict.fromkeys(kernel.faults):
            print(f"jupyter-optimiser: the probe reported a fault ({fault})", file=sys.stderr)
    document = assemble(facts, runs)
    found = problem(document)
    if found is not None:  # the probe and the schema disagree: a bug on our side
        raise RuntimeError(f"the measured facts break the format ({found})")
    return runs, failures, document


def _records(execution: Execution, timeout: float | None) -> list[dict]:
    """The probe's records, with the reason where --timeout stopped the cell; where the probe sent
    none (the kernel died, or the record never came), one timing-only record from here."""
    records = [dict(record) for record in execution.records]
    if execution.status in ("timeout", "stuck"):
        reason = f"KeyboardInterrupt: stopped by --timeout after {timeout:g} s"
        if execution.status == "stuck":
            reason += "; the cell did not stop, so the kernel was shut down"
        records = records or [_timing_only(execution, reason)]
        for record in records:
            record.update(ok=False, error=reason)
        return records
    if records:
        return records
    if execution.status == "died":
        code = "" if execution.exit_code is None else f" (exit code {execution.exit_code})"
        return [_timing_only(execution, f"KernelDied: the kernel died while the cell ran{code}")]
    print(
        "jupyter-optimiser: the probe sent no record for this cell; its wall time is the kernel's busy time",
        file=sys.stderr,
    )
    return [_timing_only(execution, execution.error)]


def _timing_only(execution: Execution, error: str | None) -> dict:
    """A run measured from the kernel's messages alone, as the front end records one (timing_only)."""
    wall = execution.busy_s if execution.busy_s is not None else execution.elapsed_s
    record = {
        "wall_s": round(wall, 6),
        "cpu_s": 0.0,
        "children_cpu_s": 0.0,
        "peak_rss_delta_bytes": 0,
        "imported": [],
        "ok": error is None,
        "timing_only": True,
    }
    if error is not None:
        record["error"] = error[:MAX_ERROR_CHARS]
    return record


def _outcome(execution: Execution, records: list[dict]) -> str:
    wall = sum(record["wall_s"] for record in records)
    if execution.status == "died":
        return f"the kernel died after {seconds(execution.elapsed_s)}"
    if execution.status in ("timeout", "stuck"):
        return f"stopped by --timeout after {seconds(wall)}"
    failed = [record for record in records if not record["ok"]]
    return f"{seconds(wall)}, raised {failed[-1].get('error', '')}" if failed else seconds(wall)


def _report_lost_kernel(execution: Execution, cell: Cell, output: Path, last_words: list[str]) -> None:
    what = "died" if execution.status == "died" else "did not stop after --timeout and was shut down"
    print(
        f"jupyter-optimiser: the kernel {what} in {describe(cell)}; the facts gathered so far go to {output}",
        file=sys.stderr,
    )
    for line in last_words:
        print(f"  kernel stderr: {line}", file=sys.stderr)


def _summary(output: Path | None, runs: dict, failures: list[str], elapsed: float) -> None:
    count = sum(len(records) for records in runs.values())
    done = "measured" if output is None else f"wrote {output}"
    text = f"jupyter-optimiser: {done}: {plural(count, 'run')} of {plural(len(runs), 'cell')} in {seconds(elapsed)}"
    if failures:
        text += f"; not successful: {', '.join(failures)}"
    print(text, file=sys.stderr)
