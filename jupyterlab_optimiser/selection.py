"""`measure --cell`: the named cells and, before them, the cells they depend on.

A cell depends on an earlier cell when it reads a global name that cell binds or changes: for
each name it reads, the latest earlier cell that binds it, and every cell between that one and it
that changes the name in place (`x[i] = `, `x += `, `x.append(...)`). The functions a cell defines
read their globals when called, so those names are looked up before the cell that calls them.
A name no earlier cell binds brings in every earlier cell whose code cannot be read whole
(magics, star imports, exec). Changes made only inside a function the cell calls are not seen.
"""

from __future__ import annotations

from dataclasses import dataclass

from .names import KERNEL_NAMES, CellNames, cell_names


@dataclass(frozen=True)
class Selection:
    positions: tuple[int, ...]  # into the notebook's code cells, in notebook order
    because: dict[int, tuple[str, ...]]  # a dependency's position -> the names it provides


def select(sources: list[str], chosen: list[int]) -> Selection:
    names = [cell_names(source) for source in sources]
    needed: dict[int, set[str]] = {position: set() for position in chosen}
    work = [(position, position) for position in chosen]  # (cell, where its functions are called)
    done = set()
    while work:
        position, horizon = work.pop()
        if (position, horizon) in done:
            continue
        done.add((position, horizon))
        cell = names[position]
        wants = [(name, position) for name in cell.reads] + [(n, horizon) for n in sorted(cell.deferred_reads)]
        for name, before in wants:
            for provider in _providers(names, name, before):
                needed.setdefault(provider, set())
                if provider not in chosen:
                    needed[provider].add(name)
                work.append((provider, max(horizon, provider)))
    return Selection(
        positions=tuple(sorted(needed)),
        because={p: tuple(sorted(n)) for p, n in needed.items() if p not in chosen},
    )


def _providers(names: list[CellNames], name: str, before: int) -> list[int]:
    found = []
    for position in range(before - 1, -1, -1):
        cell = names[position]
        if name in cell.changes or name in cell.rebinds:
            found.append(position)
        if name in cell.rebinds:
            return found
    if name in KERNEL_NAMES:
        return found
    return found + [p for p in range(before) if names[p].opaque]
