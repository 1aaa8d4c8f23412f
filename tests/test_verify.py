"""The verify harness (src/kernel/verify.py) in a real kernel, installed as the front end installs
it: comparisons, copies of the inputs each run changes, random draws, timing in turn."""

from __future__ import annotations

import json

import pytest

import probe_support
import template_support as ts

SILENT = probe_support.SILENT


@pytest.fixture
def probed(kernel):
    probe_support.install(kernel)
    return kernel


def check(kernel, original: str, new: str, outputs: list[str], **options) -> tuple[str, dict]:
    """Runs verify(...) in the kernel as the verify cell does; (its printed text, its fields)."""
    literal = lambda value: repr(value) if isinstance(value, bool) else json.dumps(value)
    args = ", ".join(f"{key}={literal(value)}" for key, value in options.items())
    code = (
        "_jlab_result = __import__('sys').modules['_jlab_optimiser_probe'].verify("
        f"{json.dumps(original)}, {json.dumps(new)}, {json.dumps(outputs)}{', ' + args if args else ''})"
    )
    out = kernel.execute(code)
    assert out.error is None, out.error
    line = [line for line in out.stdout.splitlines() if line.startswith("verify:")][-1]
    fields = dict(part.split("=", 1) for part in line.split()[1:])
    kernel.execute("del _jlab_result")
    return out.stdout, fields


@pytest.mark.parametrize(
    "setup,original,new,equal",
    [
        # floats within the tolerance, integers, booleans and strings exactly
        ("", "r = sum(i * 0.1 for i in range(1000))", "import math\nr = math.fsum(i * 0.1 for i in range(1000))", True),
        ("", "r = 0.1 * 3", "r = 0.3 + 1e-6", False),
        ("", "r = 10**20 + 1", "r = 10**20", False),
        ("", "r = (1, [2, 'a'], {'k': True})", "r = [1, (2, 'a'), {'k': True}]", True),
        ("", "r = {'k': True}", "r = {'k': False}", False),
        ("", "r = ['a', 'b']", "r = ['a', 'B']", False),
        ("", "r = {1.0, 2.0}", "r = {2.0, 1.0}", True),
        ("", "r = {'x': [1.0, 2.0]}", "r = {'y': [1.0, 2.0]}", False),
        # NumPy arrays: values, shapes and integer exactness
        ("import numpy as np", "r = [i * i for i in range(10)]", "r = np.arange(10) ** 2", True),
        ("import numpy as np", "r = np.arange(10)", "r = np.arange(10).reshape(2, 5)", False),
        ("import numpy as np", "r = np.arange(10)", "r = np.arange(10) + (np.arange(10) == 9)", False),
        ("import numpy as np", "r = np.array([1.0, np.nan])", "r = np.array([1.0 + 1e-12, np.nan])", True),
        ("import numpy as np", "r = np.array(['a', 'b'])", "r = np.array(['a', 'c'])", False),
        # pandas: labels and values
        ("import pandas as pd", "r = pd.Series([1.0, 2.0], index=['a', 'b'])", "r = pd.Series([1.0, 2.0], index=['a', 'b'])", True),
        ("import pandas as pd", "r = pd.Series([1.0, 2.0], index=['a', 'b'])", "r = pd.Series([1.0, 2.0], index=['a', 'c'])", False),
        ("import pandas as pd", "r = pd.DataFrame({'x': [1, 2], 'y': ['p', 'q']})", "r = pd.DataFrame({'x': [1, 2], 'y': ['p', 'q']})", True),
        ("import pandas as pd", "r = pd.DataFrame({'x': [1, 2], 'y': ['p', 'q']})", "r = pd.DataFrame({'x': [1, 3], 'y': ['p', 'q']})", False),
        ("import pandas as pd", "r = pd.Series([1.0, 2.0])", "r = [1.0, 2.0]", True),
    ],
)
def test_compares_values(probed, setup, original, new, equal):
    probed.execute(setup)
    text, fields = check(probed, original, new, ["r"])
    assert fields["equal"] == str(equal), text
    assert ("DIFFERENT" in text) == (not equal)


def test_each_side_gets_its_own_copy_of_what_it_changes(probed):
    probed.execute("import numpy as np\ndata = np.arange(20.0)[::-1].copy()\nrows = [[3, 1], [2, 0]]")
    original = "for i in range(len(data)):\n    data[i] += 1\nfor row in rows:\n    row.sort()\nr = data.copy()"
    new = "data += 1\nfor row in rows:\n    row.sort()\nr = data.copy()"
    text, fields = check(probed, original, new, ["r", "rows"])
    assert fields["equal"] == "True", text
    assert probed.value("data[0], rows") == "(np.float64(19.0), [[3, 1], [2, 0]])"  # the user's own, unchanged


def test_a_flat_list_each_side_changes_is_still_its_own(probed):
    # Lists of strings and numbers are copied shallowly (as deep as a deep copy for them); lists of
    # lists deeply: each side sorts its own, and the user's stay as they were.
    probed.execute("words = ['b', 'a', 'c'] * 1000\nalias = words\nnested = [[2, 1], [4, 3]]")
    original = "words.sort()\nfor row in nested:\n    row.sort()\nr = (words[:4], alias is words)"
    new = "words[:] = sorted(words)\nfor row in nested:\n    row[:] = sorted(row)\nr = (words[:4], alias is words)"
    text, fields = check(probed, original, new, ["r", "nested"])
    assert fields["equal"] == "True", text
    assert "r: same" in text
    assert probed.value("words[:3], alias is words, nested") == "(['b', 'a', 'c'], True, [[2, 1], [4, 3]])"


def test_sorting_through_a_function_the_cell_calls(probed):
    probed.execute(
        "import numpy as np\narr = np.random.default_rng(1).random(300)\n"
        "def bubble(a):\n    for i in range(len(a)):\n        for j in range(len(a) - 1 - i):\n"
        "            if a[j] > a[j + 1]:\n                a[j], a[j + 1] = a[j + 1], a[j]\n"
    )
    text, fields = check(probed, "bubble(arr)", "arr.sort()", ["arr"])
    assert fields["equal"] == "True", text
    assert probed.value("bool((np.diff(arr) < 0).any())") == "True"  # still unsorted


def test_random_draws_from_another_stream_agree_within_the_sampling_error(probed):
    probed.execute("import random\nimport numpy as np\nn = 200_000")
    original = "hits = 0\nfor _ in range(n):\n    x, y = random.random(), random.random()\n    hits += x * x + y * y < 1\npi = 4 * hits / n"
    new = "x, y = np.random.random(n), np.random.random(n)\npi = 4 * np.count_nonzero(x * x + y * y < 1) / n"
    text, fields = check(probed, original, new, ["pi"])
    assert fields["equal"] == "True" and fields["random"] == "sampling", text
    assert "random draws" in text and "sampling error" in text


def test_random_draws_from_the_same_stream_are_compared_exactly(probed):
    probed.execute("import numpy as np\nnp.random.seed(3)\nn = 50_000")
    original = "total = 0.0\nfor _ in range(n):\n    total += np.random.random()"
    new = "total = float(np.random.random(n).sum())"
    state = probed.value("np.random.get_state()[2]")
    text, fields = check(probed, original, new, ["total"])
    assert fields["equal"] == "True" and fields["random"] == "seeded", text
    assert probed.value("np.random.get_state()[2]") == state  # the user's stream is where it was


def test_a_generator_in_the_namespace_is_reseeded_for_each_timed_run(probed):
    probed.execute("import numpy as np\nrng = np.random.default_rng(5)\nn = 100_000")
    original = "m = sum(rng.random() - 0.5 for _ in range(n)) / n"
    new = "m = (0.5 - rng.random(n)).mean()"  # the same stream, another value of the same law
    text, fields = check(probed, original, new, ["m"])
    assert fields["equal"] == "True" and fields["random"] == "sampling", text


def test_a_biased_random_result_is_different(probed):
    probed.execute("import numpy as np\nn = 100_000")
    text, fields = check(probed, "m = np.random.random(n).mean()", "m = np.random.random(n).mean() + 0.01", ["m"])
    assert fields["equal"] == "False", text
    assert "standard errors apart" in text


def test_times_each_side_three_times_or_more_after_an_untimed_run_in_turn(probed, tmp_path):
    log = tmp_path / "order.txt"
    probed.execute(f"import time\nLOG = {str(log)!r}")
    original = "open(LOG, 'a').write('o')\ntime.sleep(0.3)\nr = 1"
    new = "open(LOG, 'a').write('n')\ntime.sleep(0.02)\nr = 1"
    text, fields = check(probed, original, new, ["r"], budget_s=0.1)
    order = log.read_text()
    assert order == "on" + "onnoon"  # untimed first runs, then pairs that swap who goes first
    assert "min 0.3" in text and "median" in text and "of 3 timed runs" in text
    assert fields["significant"] == "True" and float(fields["speedup"].rstrip("x")) > 5
    assert ts.verify_result(text)[0]


def test_no_speed_up_is_claimed_within_the_noise(probed):
    probed.execute("import time")
    text, fields = check(probed, "time.sleep(0.005)\nr = 1", "time.sleep(0.005)\nr = 1", ["r"], budget_s=0.3)
    assert fields["significant"] == "False", text
    assert "no speed-up claimed" in text


def test_leaves_the_namespace_and_the_display_hook_alone(probed):
    probed.execute("import numpy as np\nxs = [1.0, 2.0]\n_ = 'mine'")
    names = "sorted(k for k in globals() if not k.startswith('_'))"
    before = probed.value(names)
    check(probed, "ys = [x * 2 for x in xs]\nprint('hello')", "ys = np.asarray(xs) * 2", ["ys"])
    assert probed.value(names) == before
    assert probed.value("_") == "'mine'"


def test_the_verify_cell_says_how_to_enable_it_without_the_probe(kernel):
    cells = ts.render(ts.NOTEBOOK, "list-arithmetic", "numpy-vectorise")
    verify_cell = next(c for c in cells if c["metadata"]["jupyterlab-optimiser"]["role"] == "verify")
    out = kernel.execute(verify_cell["source"])
    assert out.error is None, out.error
    assert out.stdout.strip().splitlines() == [
        "Optimiser check not run: this kernel has no optimiser probe. Turn on Settings > Optimiser > "
        "'Measure executions in the kernel', then restart the kernel and run this cell again."
    ]


def test_a_time_the_cell_measures_itself_is_not_compared(probed):
    probed.execute("import time")
    original = "t0 = time.time()\ns = sum(range(3_000_000))\nruntime = time.time() - t0"
    new = "t0 = time.time()\ns = 2999999 * 3000000 // 2\nruntime = time.time() - t0"
    text, fields = check(probed, original, new, ["s", "runtime"])
    assert fields["equal"] == "True", text
    assert "runtime: not compared" in text and "s: same" in text
    text, fields = check(probed, "s = 1\ntime.sleep(0.2)", "s = 2\ntime.sleep(0.2)", ["s"])
    assert fields["equal"] == "False", text  # an ordinary difference is still one


# A function that prints its results and returns nothing (pytudes' spelltest, the Julia-set frames).
PRINTS = (
    "def report(n):\n"
    "    for k in range(1, 4):\n"
    "        print('frame', k, 'checksum = %.6f' % (sum(i ** 0.5 for i in range(n)) / k))\n"
)


def test_what_a_function_prints_is_compared_when_every_result_is_none(probed):
    probed.execute("import math\nn = 20_000")
    original = PRINTS + "report(n)"
    # The same numbers the other way round: last printed digits may round the other way.
    new = (
        "def report(n):\n"
        "    total = math.fsum(math.sqrt(i) for i in range(n))\n"
        "    for k in range(1, 4):\n"
        "        print('frame', k, 'checksum = %.6f' % (total / k))\n"
        "report(n)"
    )
    text, fields = check(probed, original, new, ["report(n)"])
    assert fields["equal"] == "True", text
    assert "printed: compared" in text and "printed: same" in text


def test_a_printed_number_that_differs_is_a_difference(probed):
    probed.execute("n = 20_000")
    text, fields = check(probed, PRINTS + "report(n)", PRINTS + "report(n + 1)", ["report(n)"])
    assert fields["equal"] == "False", text
    assert "printed: DIFFERENT: line 1:" in text


def test_printed_is_compared_on_request_next_to_the_other_results(probed):
    text, fields = check(probed, "x = 1\nprint('x is', x)", "x = 1\nprint('x was', x)", ["x"], printed=True)
    assert fields["equal"] == "False", text
    assert "x: same" in text and "printed: DIFFERENT: line 1: 'x is 1' vs 'x was 1'" in text
    text, fields = check(probed, "x = 1\nprint('x is', x)", "x = 1\nprint('x was', x)", ["x"])
    assert fields["equal"] == "True", text  # x is not None: what it printed is not a result then
    assert "printed" not in text.replace("characters the runs printed", "")


def test_printed_random_estimates_agree_within_the_sampling_error(probed):
    probed.execute("import random\nimport numpy as np\nn = 200_000")
    original = "hits = sum(random.random() ** 2 + random.random() ** 2 < 1 for _ in range(n))\nprint('pi is about', 4 * hits / n)"
    new = "x, y = np.random.random(n), np.random.random(n)\nprint('pi is about', 4 * np.count_nonzero(x * x + y * y < 1) / n)"
    text, fields = check(probed, original, new, [], printed=True)
    assert fields["equal"] == "True" and fields["random"] == "sampling", text


def test_a_result_near_the_run_time_is_compared_when_the_code_reads_no_clock(probed):
    # ichec-montecarlo-pi-lists: pi = 3.14 from a run of 2-10 s read as a timing, and nothing was compared.
    probed.execute("import time")
    text, fields = check(probed, "time.sleep(0.3)\nv = 0.3", "time.sleep(0.3)\nv = 0.31", ["v"])
    assert fields["equal"] == "False", text
    assert "v: DIFFERENT" in text and "not compared" not in text
