"""False alarms (issue 12): real public notebooks opened without running must rarely get a card.

Runs tests/corpus/false_alarms.py's count (the built `node lib/cli.js advise NB --json`, no facts,
on every notebook in tests/corpus/notebooks; those the CLI refuses are counted apart) and holds the share of code cells with a card at or
under tests/corpus/false_alarm_ceiling.txt, a ratchet towards the 1.5 % target.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"
sys.path.insert(0, str(CORPUS))

import false_alarms

CEILING = CORPUS / "false_alarm_ceiling.txt"
TARGET_PERCENT = 1.5


def test_false_alarms_at_most_the_ceiling(capsys):
    cli = false_alarms.ROOT / "lib" / "cli.js"
    if not cli.is_file():
        pytest.fail(f"{cli} is missing: npm run build:lib && npm run build:cli")
    index = json.loads((false_alarms.NOTEBOOKS / "index.json").read_text(encoding="utf-8"))
    results = [false_alarms.advise(cli, entry) for entry in index]
    advised = [r for r in results if r.refused is None]
    cards = sum(len(r.carded) for r in advised)
    cells = sum(r.code_cells for r in advised)
    share = false_alarms.percent(cards, cells)
    ceiling = float(CEILING.read_text(encoding="utf-8").split()[0])
    with capsys.disabled():  # the figure belongs in the CI log, with or without -s
        print(
            f"\nfalse alarms: {cards} of {cells} code cells ({share:.2f} %) in {len(advised)} notebooks; "
            f"ceiling {ceiling} % (tests/corpus/false_alarm_ceiling.txt), target {TARGET_PERCENT} %"
        )
        refused = [r for r in results if r.refused is not None]
        if refused:  # nbformat 3 notebooks, which the CLI declines: counted apart, as false_alarms.py does
            print(f"  refused by the CLI, not counted: {', '.join(r.file for r in refused)}")
        for r in advised:
            for c in r.carded:
                print(f"  {r.file} cell {c['index']}: {', '.join(c['rules'])}: {c['line']}")
    assert share <= ceiling, f"{share:.2f} % of code cells got a card, above the ceiling of {ceiling} %"
