"""Reading a notebook for `measure`: JSON, nbformat 4 (3 is converted as JupyterLab does, through
nbformat), a Python kernel. Nothing here writes the file."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

_PYTHON = re.compile(r"^python\d*$", re.IGNORECASE)  # "python", and "python3" as some notebooks say


def is_python(language: str | None) -> bool:
    return bool(language) and _PYTHON.match(language) is not None


@dataclass(frozen=True)
class Cell:
    """A code cell: its key in the facts' runs, its position in the notebook's cells, its text."""

    key: str
    index: int
    source: str


@dataclass(frozen=True)
class Notebook:
    path: Path
    cells: tuple[Cell, ...]  # code cells only, in notebook order
    kernel_name: str | None  # metadata.kernelspec.name


def read_notebook(path: Path) -> Notebook:
    value = _read_json(path)
    if not isinstance(value, dict) or not isinstance(value.get("nbformat"), int):
        raise InputError(f"{path} is not a notebook (no nbformat)")
    if value["nbformat"] == 3:
        value, keep_ids = _from_v3(value, path), False
    elif value["nbformat"] == 4 and isinstance(value.get("cells"), list):
        keep_ids = True
    else:
        raise InputError(f"{path} is not an nbformat 4 notebook")
    metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
    language = _language(metadata)
    if language is not None and not is_python(language):
        raise InputError(f"{path} is a {language} notebook; only Python notebooks can be measured")
    kernelspec = metadata.get("kernelspec")
    name = kernelspec.get("name") if isinstance(kernelspec, dict) else None
    cells = _code_cells(value["cells"], path, keep_ids)
    return Notebook(path, cells, name if isinstance(name, str) and name else None)


def _read_json(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"cannot read {path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"cannot read {path}: it is a directory") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {path}: {error}") from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise InputError(f"{path} is not JSON ({error})") from None


def _from_v3(value: dict, path: Path) -> dict:
    """nbformat 3, flattened to version 4 by nbformat's own converter. The ids it invents are
    random, so these cells are keyed by index, like any cell without an id."""
    from nbformat import converter, from_dict

    try:
        return converter.convert(from_dict(value), 4)
    except Exception as error:  # nbformat raises a variety of errors for broken v3 files
        raise InputError(f"{path} is an nbformat 3 notebook that cannot be converted ({error})") from None


def _language(metadata: dict) -> str | None:
    kernelspec, info = metadata.get("kernelspec"), metadata.get("language_info")
    if isinstance(kernelspec, dict) and isinstance(kernelspec.get("language"), str):
        return kernelspec["language"]
    if isinstance(info, dict) and isinstance(info.get("name"), str):
        return info["name"]
    return None


def _code_cells(raw: list, path: Path, keep_ids: bool) -> tuple[Cell, ...]:
    cells, seen = [], {}
    for index, cell in enumerate(raw):
        if not isinstance(cell, dict):
            raise InputError(f"{path}: cell {index} is not an object")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise InputError(f"{path}: cell {index} has no source text")
        key = _key(cell.get("id") if keep_ids else None, index, seen, path)
        cells.append(Cell(key, index, source))
    return tuple(cells)


def _key(cell_id, index: int, seen: dict, path: Path) -> str:
    """The cell's id; its index as a string when it has none (nbformat < 4.5), and for a cell that
    repeats an earlier cell's id, so that no two cells share runs."""
    if cell_id is not None and not isinstance(cell_id, str):
        raise InputError(f"{path}: cell {index} has an id that is not a string")
    if not cell_id:
        return str(index)
    if cell_id in seen:
        print(
            f"jupyter-optimiser: {path}: cells {seen[cell_id]} and {index} share the id "
            f"'{cell_id}'; the runs of cell {index} are keyed '{index}'",
            file=sys.stderr,
        )
        return str(index)
    seen[cell_id] = index
    return cell_id
