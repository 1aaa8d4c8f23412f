"""`measure --cell`: which earlier cells a chosen cell needs, read from the code (names.py,
selection.py). Each row: the notebook's code cells, the chosen ones, the cells that must run."""

import pytest

from jupyterlab_optimiser.names import cell_names
from jupyterlab_optimiser.selection import select

CASES = {
    "a name read comes from the latest cell that binds it": (["x = 1", "x = 2", "y = x"], [2], [1, 2]),
    "a rebinding that reads the old value needs the one before": (["x = 1", "x = x + 1", "y = x"], [2], [0, 1, 2]),
    "changes in place after the binding are needed too": (
        ["xs = []", "xs.append(1)", "xs[0] = 2", "xs += [3]", "n = len(xs)"],
        [4],
        [0, 1, 2, 3, 4],
    ),
    "unrelated cells are left out": (["import math", "other = 5", "r = math.pi"], [2], [0, 2]),
    "a function reads its globals where it is called": (
        ["k = 1", "def f():\n    return k", "k = 2", "f()"],
        [3],
        [1, 2, 3],
    ),
    "names a cell binds before reading them need no other cell": (
        ["total = 5", "total = 0\nfor i in range(3):\n    total += i"],
        [1],
        [1],
    ),
    "a loop variable read in the loop body is the loop's own": (
        ["i = 9", "for i in range(3):\n    print(i)"],
        [1],
        [1],
    ),
    "comprehension variables are the comprehension's own": (["v = 1", "ws = [v * 2 for v in range(3)]"], [1], [1]),
    "a name nobody binds brings in the cells that cannot be read whole": (
        ["%run helper.py", "from os.path import *", "a = 1", "print(join('a', 'b'))"],
        [3],
        [0, 1, 3],
    ),
    "builtins and IPython's names need nothing": (["%matplotlib inline", "print(len(In)); display(1)"], [1], [1]),
    "a cell magic hides what it binds, so it may provide anything unknown": (["%%time\ny = 3", "z = y"], [1], [0, 1]),
    "a syntax error cannot be read, so it may provide anything unknown": (["def broken(:", "broken()"], [1], [0, 1]),
    "default arguments and decorators run where the function is defined": (
        ["d = 1", "deco = staticmethod", "@deco\ndef g(a=d):\n    return a", "g()"],
        [3],
        [0, 1, 2, 3],
    ),
    "several chosen cells share their dependencies": (
        ["import numpy as np", "a = np.ones(3)", "b = np.zeros(3)"],
        [1, 2],
        [0, 1, 2],
    ),
}


@pytest.mark.parametrize("sources, chosen, expected", CASES.values(), ids=CASES.keys())
def test_dependencies(sources, chosen, expected):
    assert list(select(sources, chosen).positions) == expected


def test_the_reason_names_what_each_dependency_provides():
    selection = select(["import math", "base = 2", "r = math.sqrt(base)"], [2])
    assert selection.because == {0: ("math",), 1: ("base",)}


def test_what_a_cell_does_to_names():
    names = cell_names("import numpy as np\nrng = np.random.default_rng(0)\ncounts[0] += 1\nnp.random.seed(1)")
    assert names.rebinds == {"np", "rng"}
    assert names.changes == {"counts", "np"}
    assert names.reads == ("counts",)
    assert not names.opaque
