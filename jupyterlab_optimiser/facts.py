"""Facts files (format version 1, src/facts.schema.json): read strictly, checked, written whole."""

from __future__ import annotations

import json
import math
import os
from functools import cache
from pathlib import Path

from .assets import asset
from .errors import InputError

FACTS_VERSION = 1
_FIRST_KEYS = ("version", "kernel", "machine", "libraries", "variables")


@cache
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(asset("facts.schema.json").read_text(encoding="utf-8")))


def problem(document) -> str | None:
    """The first way `document` breaks the format, or None."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(document))
    if error is None:
        return None
    where = error.json_path.removeprefix("$").lstrip(".") or "the document"
    return f"{where}: {error.message}"


# A number JSON allows but a double cannot hold (1e400) would read as Infinity in the engine.
def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text[:40]} is beyond a double")
    return value


def _finite_int(text: str) -> int:
    value = int(text)
    if abs(value) >= 2**1024:
        raise ValueError(f"the number {text[:40]}... is beyond a double")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def read_facts(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"cannot read {path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"cannot read {path}: it is a directory") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {path}: {error}") from None
    try:
        document = json.loads(text, parse_float=_finite_float, parse_int=_finite_int, parse_constant=_no_constant)
    except ValueError as error:
        raise InputError(f"{path} is not JSON ({error})") from None
    found = problem(document)
    if found is not None:
        raise InputError(f"{path} is not facts version {FACTS_VERSION}: {found}")
    return document


def assemble(facts: dict, runs: dict) -> dict:
    """Facts from the probe plus the runs, in the documented order (fields the probe adds kept)."""
    document = {key: facts[key] for key in _FIRST_KEYS if key in facts}
    document.update({key: value for key, value in facts.items() if key not in document and key != "runs"})
    document["runs"] = runs
    return document


def check_writable(path: Path) -> None:
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a directory")
    if not path.parent.is_dir():
        raise InputError(f"cannot write {path}: no such directory {path.parent}")


def write_facts(path: Path, document: dict) -> None:
    """Writes through a temporary file in the same directory, so a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=1, allow_nan=False)
            f.write("\n")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
