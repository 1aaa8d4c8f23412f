"""The advice on the field corpus (tests/corpus/cases, issue 12), judged against each label.

Every case and scenario goes through the built CLI (`node lib/cli.js advise --facts ... --json`)
with its measured facts; the top-1 rule is the first card of cell `case`, or none. A wrong answer
fails unless tests/corpus/known_wrong.json lists it (the shrinking list of open defects), a listed
one that is now right fails too, fast and failed cases get no card at all, and overall top-1
accuracy must not fall below tests/corpus/accuracy_floor.txt (a ratchet; the target is 95 %).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"
sys.path.insert(0, str(CORPUS))

from judge import CLI, TARGET, accuracy, judge, label, table, wrong_lines

KNOWN_WRONG = CORPUS / "known_wrong.json"
FLOOR = CORPUS / "accuracy_floor.txt"


@pytest.fixture(scope="module")
def verdicts():
    if not CLI.is_file():
        pytest.fail(f"{CLI} is missing: npm run build:lib && npm run build:cli")
    return judge()


@pytest.fixture(scope="module")
def known_wrong() -> dict:
    return json.loads(KNOWN_WRONG.read_text(encoding="utf-8"))


def floor() -> float:
    return float(FLOOR.read_text(encoding="utf-8").split()[0])


def test_accuracy_at_least_the_floor(verdicts, capsys):
    with capsys.disabled():  # the table belongs in the CI log, with or without -s
        print("\n" + table(verdicts, floor()))
    if accuracy(verdicts) < floor():
        pytest.fail(f"top-1 accuracy {accuracy(verdicts):.1%} fell below the floor {floor():.1%} (target {TARGET:.0%})")


def test_every_case_measured_and_advised(verdicts):
    problems = [f"{v.key}: {v.problem}" for v in verdicts if v.problem]
    if problems:
        pytest.fail("\n".join(problems))


def test_no_card_on_fast_or_failed_cells(verdicts):
    carded = [
        f"{v.key} ({v.expected_diagnosis}): {', '.join(v.cards)}" for v in verdicts if v.must_be_silent and v.cards
    ]
    if carded:
        pytest.fail("cards on cells that are fast or must be fixed first:\n" + "\n".join(carded))


def test_wrong_answers_are_listed_in_known_wrong(verdicts, known_wrong, capsys):
    wrong = [v for v in verdicts if not v.correct and v.problem is None]
    unlisted = [v for v in wrong if v.key not in known_wrong]
    changed = [
        f"  {v.key}: now {label(v.got)}, listed as {known_wrong[v.key]['got']}"
        for v in wrong
        if v.key in known_wrong and known_wrong[v.key].get("got") != label(v.got)
    ]
    if changed:
        with capsys.disabled():
            print("\nknown_wrong.json: still wrong, but with another answer (update 'got' and 'why'):")
            print("\n".join(changed))
    if unlisted:
        pytest.fail("wrong answers not in tests/corpus/known_wrong.json:\n" + "\n".join(wrong_lines(unlisted)))


def test_known_wrong_lists_only_wrong_answers(verdicts, known_wrong):
    by_key = {v.key: v for v in verdicts}
    missing = [key for key in known_wrong if key not in by_key]
    if missing:
        pytest.fail(f"known_wrong.json names no such case or scenario: {', '.join(missing)}")
    now_right = [key for key in known_wrong if by_key[key].correct]
    if now_right:
        pytest.fail(
            "now right, remove it from known_wrong.json (and raise accuracy_floor.txt): " + ", ".join(now_right)
        )
