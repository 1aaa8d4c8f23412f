"""Prints tests run per suite from JUnit reports, then one closing line: 'N passed, N failed'.

Exits non-zero when a report is missing (the suite did not run) or any test failed.
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def counts(report: Path) -> tuple[int, int, int]:
    """(passed, failed, skipped) over every <testcase> in a JUnit report."""
    passed = failed = skipped = 0
    for case in ET.parse(report).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def main(paths: list[str]) -> int:
    total = [0, 0, 0]
    ok = True
    print("\n== summary")
    for path in map(Path, paths):
        suite = path.stem
        if not path.exists():
            print(f"{suite:8s} did not report (it failed to run)")
            ok = False
            continue
        suite_counts = counts(path)
        total = [a + b for a, b in zip(total, suite_counts)]
        passed, failed, skipped = suite_counts
        print(f"{suite:8s} {passed + failed + skipped:4d} tests: {passed} passed, {failed} failed, {skipped} skipped")
        ok = ok and failed == 0 and passed > 0
    print(f"{total[0]} passed, {total[1]} failed, {total[2]} skipped")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
