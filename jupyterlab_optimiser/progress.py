"""Progress of `measure` on stderr: one line per cell (n/N, the cell, its time), and on a
terminal a bar below them that keeps time while a cell runs."""

from __future__ import annotations

import sys
import time

from .notebook import Cell

BAR_WIDTH = 24
REDRAW_S = 0.2


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def describe(cell: Cell) -> str:
    """As the advice report and the panel name a cell: its 1-based position in the notebook (the
    number JupyterLab shows) and its id."""
    position = cell.index + 1
    return f"cell {position}" if cell.key == str(cell.index) else f"cell {position} (id {cell.key})"


class Progress:
    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stderr
        self.total = total
        self.tty = self.stream.isatty()
        self.cell: Cell | None = None
        self.n = 0
        self._drawn_at = 0.0

    def started(self, n: int, cell: Cell) -> None:
        self.n, self.cell = n, cell
        self.waiting(0.0)

    def waiting(self, elapsed: float) -> None:
        """Called while a cell runs: redraws the bar now and then (terminals only)."""
        now = time.monotonic()
        if not self.tty or (elapsed > 0 and now - self._drawn_at < REDRAW_S):
            return
        self._drawn_at = now
        done = round(BAR_WIDTH * (self.n - 1) / self.total)
        bar = "#" * done + "-" * (BAR_WIDTH - done)
        self.stream.write(f"\r\x1b[K[{bar}] {self.n}/{self.total} {describe(self.cell)} {seconds(elapsed)}")
        self.stream.flush()

    def finished(self, text: str) -> None:
        self.line(f"[{self.n}/{self.total}] {describe(self.cell)}: {text}")

    def line(self, text: str) -> None:
        self.stream.write(("\r\x1b[K" if self.tty else "") + text + "\n")
        self.stream.flush()
