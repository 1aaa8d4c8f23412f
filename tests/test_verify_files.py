"""The verify harness with files=True (code that starts programs or writes files), in a real kernel
with real GNU Parallel: each run works in its own copy of the working directory, the files each
side wrote, changed or removed are compared, and the user's folder is left as it was."""

from __future__ import annotations

import json
import shutil

import pytest

import probe_support
import template_support as ts
import test_verify

pytestmark = pytest.mark.skipif(shutil.which("parallel") is None, reason="GNU Parallel is not installed")

GZIP_EACH = (
    "import glob, subprocess\n"
    "for name in sorted(glob.glob('data/**/*.txt', recursive=True)):\n"
    "    subprocess.run(['gzip', '-9', name], check=True)\n"
)
GZIP_PARALLEL = (
    "import glob, subprocess\n"
    "subprocess.run(['parallel', '-j', '2', 'gzip', '{LEVEL}', ':::', *glob.glob('data/**/*.txt', recursive=True)], check=True)\n"
)


@pytest.fixture
def probed(kernel, tmp_path):
    """A probed kernel working in a folder of text files (data/a/0.txt ... data/b/3.txt)."""
    probe_support.install(kernel)
    for k in range(4):
        folder = tmp_path / "data" / "ab"[k % 2]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{k}.txt").write_text("".join(f"line {i} of file {k}\n" for i in range(20_000)))
    kernel.execute(f"import os\nos.chdir({str(tmp_path)!r})")
    return kernel


def check(kernel, original: str, new: str, outputs: list[str], **options) -> tuple[str, dict]:
    """test_verify.check with files=True (its options travel as JSON: `true` is not Python)."""
    options.pop("files")
    return test_verify.check(kernel, original + "\n", new, outputs, **options, files=1)


def listing(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_programs_that_replace_their_inputs_are_compared_by_the_files_they_leave(probed, tmp_path):
    before = listing(tmp_path)
    text, fields = check(probed, GZIP_EACH, GZIP_PARALLEL.replace("{LEVEL}", "-9"), [], files=True)
    assert fields["equal"] == "True", text
    assert "each run works in its own copy of the working directory (4 files" in text
    assert "files: same (4 written or changed, 4 removed)" in text
    assert listing(tmp_path) == before  # the user's own files: neither gzipped nor left over


def test_other_file_contents_are_different(probed):
    text, fields = check(probed, GZIP_EACH, GZIP_PARALLEL.replace("{LEVEL}", "-1"), [], files=True)
    assert fields["equal"] == "False", text
    assert "files: DIFFERENT: data/" in text and "contents differ from byte" in text


def test_a_file_written_by_one_side_only_is_different(probed):
    text, fields = check(probed, GZIP_EACH, GZIP_EACH + "open('extra.log', 'w').write('x')", [], files=True)
    assert fields["equal"] == "False", text
    assert "only the new code wrote extra.log" in text


def test_appending_to_an_output_does_not_see_the_other_sides_lines(probed):
    # Without its own copy, the second side (and every timed run) would find the lines before it.
    original = "with open('log.txt', 'a') as log:\n    for k in range(3):\n        log.write(f'{k}\\n')"
    new = "with open('log.txt', 'a') as log:\n    log.write('0\\n1\\n2\\n')"
    text, fields = check(probed, original, new, [], files=True)
    assert fields["equal"] == "True", text
    assert "files: same (1 written or changed, 0 removed)" in text


def test_programs_drawing_random_numbers_agree_within_the_sampling_error(probed):
    program = "import random; print(sum(random.random() for _ in range(1000)) / 1000 + {BIAS})"
    original = (
        "import subprocess, sys\nwith open('means.txt', 'w') as out:\n    for k in range(4):\n"
        f"        out.write(subprocess.run([sys.executable, '-c', {program!r}], capture_output=True, text=True).stdout)"
    )
    text, fields = check(probed, original.replace("{BIAS}", "0"), original.replace("{BIAS}", "0"), [], files=True)
    assert fields["equal"] == "True" and fields["random"] == "sampling", text
    assert "the original's own runs too" in text
    text, fields = check(probed, original.replace("{BIAS}", "0"), original.replace("{BIAS}", "0.05"), [], files=True)
    assert fields["equal"] == "False", text
    assert "standard errors apart" in text


def test_nothing_written_is_not_a_pass(probed):
    text, fields = check(probed, "import subprocess\nsubprocess.run(['true'])", "pass", [], files=True)
    assert fields["equal"] == "False", text
    assert "files: could not compare: neither side wrote" in text


def test_a_folder_too_big_to_copy_is_shared_and_said_so(probed):
    probed.execute("__import__('sys').modules['_jlab_optimiser_probe'].CHECK_DIR_MAX_FILES = 2")
    text, fields = check(probed, "x = 1", "x = 1", ["x"], files=True)
    assert "warning: the runs share the working directory (more than 2 files" in text
    assert fields["equal"] == "True", text


def test_the_gnu_parallel_template_verifies_on_a_tree_of_files(probed, tmp_path):
    """The rendered template (planning loop, GNU Parallel, the loop as written) against the
    original it was made from: a shell gzip per file under a tree, then the input removed."""
    source = (
        "import os, subprocess\n"
        "for d, subdirs, files in os.walk('data'):\n"
        "    for f in sorted(files):\n"
        "        fn = d + '/' + f\n"
        "        cmd = 'gzip -c ' + fn + ' > ' + fn + '.gz'\n"
        "        print('running', cmd)\n"
        "        ret = subprocess.call(cmd, shell=True)\n"
        "        if ret == 0:\n"
        "            os.remove(fn)\n"
    )
    notebook = tmp_path.parent / "nb.ipynb"
    notebook.write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [{"cell_type": "code", "id": "case", "metadata": {}, "source": source, "outputs": [],
                   "execution_count": None}],
    }))
    cells = [c for c in ts.render(notebook, "case", "gnu-parallel") if c["cell_type"] == "code"]
    assert [c["metadata"]["jupyterlab-optimiser"]["role"] for c in cells] == ["template", "verify"]
    before = listing(tmp_path)
    # The template cell's definitions, from an empty folder (in this one it would use up the inputs).
    empty = tmp_path.parent / "empty"
    empty.mkdir()
    assert probed.execute(f"os.chdir({str(empty)!r})\n" + cells[0]["source"]).error is None
    probed.execute(f"os.chdir({str(tmp_path)!r})")
    out = probed.execute(cells[1]["source"], timeout=240)
    assert out.error is None, out.error
    assert ts.verify_result(out.stdout)[0], out.stdout
    assert "files: same (4 written or changed, 4 removed)" in out.stdout
    assert listing(tmp_path) == before
    out = probed.execute(cells[0]["source"], timeout=240)  # the template cell itself, in the folder
    assert out.error is None, out.error
    assert listing(tmp_path) == sorted(name + ".gz" for name in before)
    assert out.stdout.count("running gzip -c data/") == 4
