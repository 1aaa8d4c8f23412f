"""The verify harness the inserted verify cells call: ``verify(...)`` in the probe's private module.

The install request (``installCode`` in src/kernel/install.ts) executes this file in the same module
as probe.py, ``_jlab_optimiser_probe`` in ``sys.modules``, so the verify cell the templates insert
stays a few lines long. ``verify`` runs the user's original cell and the new code on the same inputs
(each run gets its own deep copy of the data it can reach, and the same random state), compares the
results (floats within a tolerance; integers, booleans and strings exactly), times both in turn,
and ends with one line::

    verify: equal=True speedup=13.1x original=1.74s new=0.133s median_original=... significant=True

``equal``, ``speedup`` (best over best), ``original`` and ``new`` (best times) keep the format the
panel and the tests parse; the fields after them were added later. Every name the runs touch is put
back afterwards; helper names here start with ``check_`` so they never meet probe.py's.
"""

import ast
import copy
import hashlib
import io
import math
import os
import pickle
import re
import shutil
import statistics
import sys
import tempfile
import time
import types

CHECK_RTOL = 1e-7  # floats agree when |a - b| <= rtol * |b| + scale * |largest b| + atol
CHECK_SCALE = 1e-9  # an array's element may differ by this share of the array's largest value
CHECK_ATOL = 1e-12
CHECK_MAX_TIMED = 10  # timed runs per side at most (at least `repeats`)
CHECK_Z = 5.0  # random results agree when their means differ by at most this many standard errors
CHECK_SEED = 7919  # the seed of timed run i is CHECK_SEED + i, the same for both sides
CHECK_COPY_MAX_SHARE = 0.25  # inputs bigger than this share of free memory are not copied
# Attribute and function names that draw random numbers (numpy, random, dask, cupy).
CHECK_RANDOM_NAMES = frozenset(
    [
        "random",
        "default_rng",
        "RandomState",
        "Generator",
        "rand",
        "randn",
        "randint",
        "random_sample",
        "shuffle",
        "permutation",
        "choice",
        "normal",
        "uniform",
        "poisson",
        "binomial",
        "exponential",
        "gauss",
        "sample",
        "integers",
        "standard_normal",
    ]
)
CHECK_LAST = "_check_last_value"  # where a run's last expression (the cell's value) is kept
CHECK_SKIPPED_NAMES = frozenset(["In", "Out", "get_ipython", "exit", "quit", "open"])
CHECK_FILES = "files"  # the output that stands for the files a run wrote, changed or removed
CHECK_DIR_MAX_BYTES = 512 * 2**20  # a working directory bigger than this is not copied for each run
CHECK_DIR_MAX_FILES = 20_000
CHECK_FILE_READ_MAX = 64 * 2**20  # files a run wrote are compared by content up to this size, else by digest
CHECK_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
CHECK_PRINTED = "printed"  # the output that stands for what a run printed
# Calls that read a clock: time.time(), perf_counter(), process_time(), timeit, datetime.now() ...
CHECK_CLOCK = re.compile(r"\b(time|perf_counter(_ns)?|process_time(_ns)?|monotonic(_ns)?|time_ns|default_timer|timeit|now|clock)\s*\(")
CHECK_TEXT_NUMBER = re.compile(CHECK_NUMBER.pattern.decode())  # the same numbers, in printed text


class CheckPrinted(str):
    """What one run printed: compared as text whose numbers may differ in their last printed digit."""


class CheckFailed:
    """An output expression that raised instead of giving a value."""

    def __init__(self, error):
        self.error = error


# -- which inputs a run can reach, and random state -------------------------------------------------


def check_code_names(code):
    """Global and attribute names a code object (and the code nested in it) uses."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= check_code_names(const)
    return names


def check_reachable_names(code, user):
    """(names of the user's namespace the code reads, directly or through the user's functions;
    every global and attribute name that code uses)."""
    names, every, todo, seen = set(), set(), [code], set()
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for name in check_code_names(current):
            every.add(name)
            if name not in user or name in names:
                continue
            names.add(name)
            value = user[name]
            if isinstance(value, types.FunctionType) and value.__globals__ is user:
                todo.append(value.__code__)
            elif isinstance(getattr(getattr(value, "py_func", None), "__code__", None), types.CodeType):
                todo.append(value.py_func.__code__)  # a Numba dispatcher: its Python function
    return names, every


def check_is_data(value):
    """Values a run may change in place and that copy cheaply: containers, arrays, random
    generators and instances of the user's own classes (not modules, functions, pools, clients)."""
    if isinstance(value, (list, dict, set, bytearray)):
        return True
    module = type(value).__module__.split(".")[0]
    if module in ("numpy", "pandas"):
        return hasattr(value, "copy") or check_generator_kind(value) is not None
    if module == "random" or module == "array":
        return True
    return module == "__main__" and not isinstance(value, type)


CHECK_ATOMS = (str, int, float, complex, bool, bytes, type(None))


def check_is_flat(value):
    """A list, set or dict of strings and numbers only (a column of time zones, a list of ids):
    its shallow copy is as good as a deep one and 20-50x faster (2M strings: a deepcopy took
    seconds on every timed run, longer than the code it checked)."""
    if type(value) in (list, set, frozenset):
        return all(type(item) in CHECK_ATOMS for item in value)
    if type(value) is dict:
        return all(type(k) in CHECK_ATOMS and type(v) in CHECK_ATOMS for k, v in value.items())
    return False


def check_nbytes(value):
    nbytes = getattr(value, "nbytes", None)
    if isinstance(nbytes, int):
        return nbytes
    try:
        return int(value.memory_usage(deep=False).sum())  # pandas
    except Exception:
        return sys.getsizeof(value) * 4 if isinstance(value, (list, dict, set)) else 0


def check_free_memory():
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def check_inputs(codes, user, mutated):
    """(names each run gets its own deep copy of, names too big to copy, names of random
    draws the code or the functions it calls use)."""
    names, every = set(mutated), set()
    for code in codes:
        reached, used = check_reachable_names(code, user)
        names |= reached
        every |= used
    names = sorted(n for n in names if n in user and n not in CHECK_SKIPPED_NAMES and check_is_data(user[n]))
    free = check_free_memory()
    limit = None if free is None else CHECK_COPY_MAX_SHARE * free
    copied, too_big = [], []
    for name in names:
        (too_big if limit is not None and check_nbytes(user[name]) > limit else copied).append(name)
    return copied, too_big, sorted(CHECK_RANDOM_NAMES & every)


def check_generator_kind(value):
    """'generator', 'randomstate' or 'random' for a random number generator object, else None."""
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        if isinstance(value, numpy.random.Generator):
            return "generator"
        if isinstance(value, numpy.random.RandomState):
            return "randomstate"
    random = sys.modules.get("random")
    if random is not None and isinstance(value, random.Random):
        return "random"
    return None


def check_reseeded(value, seed):
    """A new generator of the same kind as `value`, seeded with `seed`."""
    kind = check_generator_kind(value)
    if kind == "generator":
        return type(value)(type(value.bit_generator)(seed))
    if kind == "randomstate":
        return type(value)(seed)
    generator = copy.copy(value)
    generator.seed(seed)
    return generator


def check_global_states():
    """The states of the global random streams of `random` and `numpy.random`."""
    import random

    numpy = sys.modules.get("numpy")
    return random.getstate(), (numpy.random.get_state() if numpy is not None else None)


def check_set_global_states(states):
    import random

    random.setstate(states[0])
    numpy = sys.modules.get("numpy")
    if numpy is not None and states[1] is not None:
        numpy.random.set_state(states[1])


def check_seed_globals(seed):
    import random

    random.seed(seed)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(seed)


def check_states_differ(a, b):
    """Whether two random states (tuples and dicts holding arrays) differ."""
    return pickle.dumps(a) != pickle.dumps(b)


def check_generator_states(values):
    out = {}
    for name, value in values.items():
        kind = check_generator_kind(value)
        if kind == "generator":
            out[name] = value.bit_generator.state
        elif kind is not None:
            out[name] = value.getstate() if kind == "random" else value.get_state(legacy=False)
    return out


# -- comparing results -------------------------------------------------------------------------------


def check_concrete(value):
    """Dask and CuPy results as plain values (their compute / get)."""
    module = type(value).__module__.split(".")[0]
    for method, owner in (("compute", "dask"), ("get", "cupy")):
        if module == owner and hasattr(value, method):
            try:
                return getattr(value, method)()
            except Exception:
                return value
    return value


def check_pandas_kind(value):
    if type(value).__module__.split(".")[0] != "pandas":
        return None
    return type(value).__name__ if type(value).__name__ in ("DataFrame", "Series") else "other"


def check_numeric_array(value):
    """`value` as a NumPy array of numbers or booleans, or None when it is not one."""
    numpy = sys.modules.get("numpy")
    if numpy is None or isinstance(value, (str, bytes, dict, set, frozenset)):
        return None
    try:
        array = numpy.asarray(value)
    except Exception:
        return None
    return array if array.dtype.kind in "biufc" else None


def check_close_arrays(x, y):
    """None when the numeric arrays agree, else where and how they first differ."""
    numpy = sys.modules["numpy"]
    if x.shape != y.shape:
        return "shape %s vs %s" % (x.shape, y.shape)
    exact = x.dtype.kind in "biu" and y.dtype.kind in "biu"
    if exact:
        bad = x != y
    else:
        with numpy.errstate(all="ignore"):
            xf, yf = (
                x.astype(complex if "c" in x.dtype.kind + y.dtype.kind else float),
                y.astype(complex if "c" in x.dtype.kind + y.dtype.kind else float),
            )
            finite = numpy.abs(yf[numpy.isfinite(yf)]) if yf.size else yf
            scale = float(finite.max()) if finite.size else 0.0
            limit = CHECK_RTOL * numpy.abs(yf) + CHECK_SCALE * scale + CHECK_ATOL
            close = numpy.abs(xf - yf) <= limit
            both_nan = numpy.isnan(xf) & numpy.isnan(yf)
            same_inf = numpy.isinf(xf) & (xf == yf)
            bad = ~(close | both_nan | same_inf)
    if not bad.any():
        return None
    where = tuple(int(i) for i in numpy.argwhere(bad)[0]) if bad.ndim else ()
    label = "[%s]" % ", ".join(map(str, where)) if where else "value"
    return "%s: %r vs %r (%d of %d differ)" % (label, x[where].item(), y[where].item(), int(bad.sum()), bad.size)


def check_first_unequal(a, b):
    where = tuple(int(i) for i in sys.modules["numpy"].argwhere(a != b)[0])
    return "[%s]: %r vs %r" % (", ".join(map(str, where)), a[where].item(), b[where].item())


def check_difference(a, b, depth=0):
    """None when `a` (the original's) and `b` (the new code's) agree, else a short reason."""
    a, b = check_concrete(a), check_concrete(b)
    if depth > 50:
        return None if a is b else "nested too deep to compare"
    kinds = check_pandas_kind(a), check_pandas_kind(b)
    if kinds[0] == kinds[1] == "DataFrame":
        why = check_difference([str(c) for c in a.columns], [str(c) for c in b.columns], depth + 1)
        why = why or check_difference(a.index.to_numpy(), b.index.to_numpy(), depth + 1)
        for column in [] if why else a.columns:
            reason = check_difference(a[column].to_numpy(), b[column].to_numpy(), depth + 1)
            if reason:
                return "column %r: %s" % (column, reason)
        return None if why is None else "labels: " + why
    if kinds[0] == kinds[1] == "Series":
        why = check_difference(a.index.to_numpy(), b.index.to_numpy(), depth + 1)
        return ("index: " + why) if why else check_difference(a.to_numpy(), b.to_numpy(), depth + 1)
    if kinds[0] is not None or kinds[1] is not None:  # pandas on one side: its values
        a = a.to_numpy() if kinds[0] is not None and hasattr(a, "to_numpy") else a
        b = b.to_numpy() if kinds[1] is not None and hasattr(b, "to_numpy") else b
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            extra = sorted(map(repr, set(a) ^ set(b)))[:3]
            return "keys differ (%d vs %d; e.g. %s)" % (len(a), len(b), ", ".join(extra))
        for key in a:
            reason = check_difference(a[key], b[key], depth + 1)
            if reason:
                return "[%r]: %s" % (key, reason)
        return None
    if isinstance(a, (set, frozenset)) and isinstance(b, (set, frozenset)):
        if a == b:
            return None
        return check_difference(sorted(a, key=repr), sorted(b, key=repr), depth + 1) or "sets differ"
    if isinstance(a, (str, bytes)) or isinstance(b, (str, bytes)):
        return None if type(a) is type(b) and a == b else "%r vs %r" % (a, b)
    if isinstance(a, (bool, int)) and isinstance(b, (bool, int)) and not (hasattr(a, "dtype") or hasattr(b, "dtype")):
        return None if a == b else "%r vs %r" % (a, b)
    x, y = check_numeric_array(a), check_numeric_array(b)
    if x is not None and y is not None:
        return check_close_arrays(x, y)
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(a, numpy.ndarray) and isinstance(b, numpy.ndarray):
        if a.shape != b.shape:
            return "shape %s vs %s" % (a.shape, b.shape)
        if a.dtype.kind == b.dtype.kind and a.dtype.kind in "USMm":  # text, dates: exactly
            return None if numpy.array_equal(a, b) else check_first_unequal(a, b)
        a, b = a.ravel().tolist(), b.ravel().tolist()
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return "length %d vs %d" % (len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            reason = check_difference(x, y, depth + 1)
            if reason:
                return "[%d]: %s" % (i, reason)
        return None
    if a is None or b is None:
        return None if a is b else "%r vs %r" % (a, b)
    if type(a) is type(b) and type(a).__module__ == "__main__" and hasattr(a, "__dict__"):
        return check_difference(vars(a), vars(b), depth + 1)
    try:
        equal = a == b
        equal = bool(equal.all()) if hasattr(equal, "all") else bool(equal)
    except Exception as error:
        return "cannot compare %s with %s (%s)" % (type(a).__name__, type(b).__name__, error)
    return None if equal else "%.60r vs %.60r" % (a, b)


def check_printed_difference(a, b):
    """None when two runs printed the same text, numbers aside from a unit in their last printed
    digit (a rounding that fell the other way); else the first line or number that differs."""
    if a == b:
        return None
    lines_a, lines_b = a.splitlines(), b.splitlines()
    if len(lines_a) != len(lines_b):
        return "%d lines vs %d" % (len(lines_a), len(lines_b))
    for i, (x, y) in enumerate(zip(lines_a, lines_b), 1):
        if CHECK_TEXT_NUMBER.sub("#", x) != CHECK_TEXT_NUMBER.sub("#", y):
            return "line %d: %.60r vs %.60r" % (i, x, y)
        for p, q in zip(CHECK_TEXT_NUMBER.findall(x), CHECK_TEXT_NUMBER.findall(y)):
            if p != q and abs(float(p) - float(q)) > check_printed_unit(p) + CHECK_RTOL * abs(float(q)):
                return "line %d: %s vs %s" % (i, p, q)
    return None


def check_printed_unit(number):
    """One unit of the last digit `number` was printed with (an integer's: exact, 0)."""
    mantissa, _, exponent = number.lower().partition("e")
    if "." not in mantissa and not exponent:
        return 0.0
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals) * 1.0001


def check_statistics(value):
    """Numbers that summarise a random result for the sampling comparison, or None."""
    if isinstance(value, CheckPrinted):
        numbers = [float(n) for n in CHECK_TEXT_NUMBER.findall(value)]
        return [statistics.fmean(numbers), statistics.pstdev(numbers)] if numbers else None
    value = check_concrete(value)
    if isinstance(value, dict):
        value = [value[k] for k in sorted(value, key=repr)]
    if check_pandas_kind(value) in ("DataFrame", "Series"):
        value = (
            value.select_dtypes("number").to_numpy() if check_pandas_kind(value) == "DataFrame" else value.to_numpy()
        )
    array = check_numeric_array(value)
    if array is None or array.size == 0:
        return None
    numpy = sys.modules["numpy"]
    array = array.real.astype(float)
    if array.size == 1:
        return [float(array.ravel()[0])]
    return [float(numpy.nanmean(array)), float(numpy.nanstd(array))]


class CheckSamples:
    """Running mean and variance (Welford) of one output's statistics over the runs of one side."""

    def __init__(self):
        self.n, self.mean, self.m2, self.broken = 0, None, None, False

    def add(self, value):
        self.add_statistics(None if isinstance(value, CheckFailed) else check_statistics(value))

    def add_statistics(self, stats):
        if stats is None or (self.mean is not None and len(stats) != len(self.mean)):
            self.broken = True
            return
        if self.mean is None:
            self.mean, self.m2 = [0.0] * len(stats), [0.0] * len(stats)
        self.n += 1
        for i, x in enumerate(stats):
            delta = x - self.mean[i]
            self.mean[i] += delta / self.n
            self.m2[i] += delta * (x - self.mean[i])

    def variance(self, i):
        return self.m2[i] / (self.n - 1) if self.n > 1 else 0.0


class CheckFileSamples(CheckSamples):
    """The numbers in the files each run of one side wrote, and whether those runs wrote
    different files (programs drawing random numbers the kernel cannot see)."""

    def __init__(self, reference):
        super().__init__()
        self.reference, self.varies = reference, False

    def add(self, value):
        self.varies = self.varies or check_files_difference(value, self.reference) is not None
        numbers = check_file_numbers(value, self.reference)  # (without NumPy: it may not be imported)
        if not numbers:
            self.add_statistics(None)
        else:
            self.add_statistics([statistics.fmean(numbers)] + ([statistics.pstdev(numbers)] if len(numbers) > 1 else []))


def check_sampling_z(old, new):
    """The largest |difference of means| / standard error over the statistics, or None when the
    samples cannot be compared; inf when they differ with no spread at all."""
    if old.broken or new.broken or old.n < 2 or new.n < 2 or len(old.mean) != len(new.mean):
        return None
    worst = 0.0
    for i in range(len(old.mean)):
        diff = abs(old.mean[i] - new.mean[i])
        tolerance = CHECK_RTOL * max(abs(old.mean[i]), abs(new.mean[i])) + CHECK_ATOL
        error = math.sqrt(old.variance(i) / old.n + new.variance(i) / new.n)
        if diff <= tolerance:
            continue
        worst = max(worst, diff / error if error > 0 else math.inf)
    return worst


# -- running and timing --------------------------------------------------------------------------------


class CheckRunner:
    """Runs code in the user's namespace on fresh copies of its inputs and puts every name back."""

    def __init__(self, user, outputs, inputs, shell):
        self.user, self.outputs, self.inputs, self.shell = user, outputs, inputs, shell
        self.workdir = None  # a CheckWorkdir: each run in its own copy of the working directory
        self.printed = 0
        self.last_printed = CheckPrinted()  # what the latest run printed
        self.last_value = None  # ast.dump of the original's last expression, if it ends in one
        self.first_files = None  # what the original's untimed run wrote, when runs get their own folders
        self.flat = set()  # inputs holding only immutable atoms: a shallow copy is a deep one

    def compile(self, source, label):
        """The code object of a cell; a last expression statement (the cell's value) is stored in
        CHECK_LAST, so that an output naming the original's value reads each side's own value
        rather than evaluating the original's expression again after the new code."""
        text = self.shell.transform_cell(source) if self.shell is not None else source
        tree = ast.parse(text)
        last = tree.body[-1] if tree.body else None
        if isinstance(last, ast.Expr):
            if label == "original":
                self.last_value = ast.dump(last.value)
            store = ast.Assign(targets=[ast.Name(CHECK_LAST, ast.Store())], value=last.value)
            tree.body[-1] = ast.copy_location(store, last)
            ast.fix_missing_locations(tree)
        return compile(tree, "<optimiser " + label + ">", "exec")

    def output_value(self, expression):
        """An output's value after a run: the run's own value for the original's last expression."""
        try:
            same = self.last_value is not None and ast.dump(ast.parse(expression, mode="eval").body) == self.last_value
        except SyntaxError:
            same = False
        if same and CHECK_LAST in self.user:
            return self.user[CHECK_LAST]
        return eval(expression, self.user)

    def fresh_inputs(self, seed):
        """Deep copies of the inputs (one memo, so names that share an object still share it);
        random generators reseeded with `seed` (or copied as they are when `seed` is None)."""
        memo, out = {}, {}
        for name in self.inputs:
            value = self.user[name]
            try:
                if seed is not None and check_generator_kind(value) is not None:
                    out[name] = check_reseeded(value, seed)
                elif name in self.flat and id(value) not in memo:
                    out[name] = memo[id(value)] = type(value)(value)
                else:
                    out[name] = copy.deepcopy(value, memo)
            except Exception:
                pass  # a value that cannot be copied is shared, as it would be in the notebook
        return out

    def run(self, code, seed, keep):
        """(output values, seconds, random streams used). `keep` deep-copies the values (the next
        runs must not change them); otherwise they are used before the next run only."""
        user = self.user
        saved = dict(user)
        fresh = self.fresh_inputs(seed)
        user.update(fresh)
        if seed is not None:
            check_seed_globals(seed)
        states = check_global_states()
        generators = check_generator_states(fresh)
        stdout, sys.stdout = sys.stdout, io.StringIO()
        copy_dir = self.workdir.enter() if self.workdir is not None else None
        try:
            start = time.perf_counter()
            try:
                exec(code, user)
            finally:
                elapsed = time.perf_counter() - start
                files = self.workdir.leave(copy_dir) if copy_dir is not None else None
            values = {}
            for expression in self.outputs:
                if expression == CHECK_FILES:
                    values[expression] = files
                    continue
                if expression == CHECK_PRINTED:
                    continue  # read once the other outputs have printed too
                try:
                    value = self.output_value(expression)
                    values[expression] = copy.deepcopy(value) if keep else value
                except Exception as error:
                    values[expression] = CheckFailed(error)
            drew = check_states_differ(states, check_global_states()) or check_states_differ(
                generators, check_generator_states({name: user.get(name) for name in fresh})
            )
        finally:
            self.last_printed = CheckPrinted(sys.stdout.getvalue())
            self.printed += len(self.last_printed)
            sys.stdout = stdout
            for name in [name for name in user if name not in saved]:
                del user[name]
            user.update(saved)
        if CHECK_PRINTED in self.outputs:
            values[CHECK_PRINTED] = self.last_printed
        return values, elapsed, drew


def check_files():
    seen = {}
    try:
        for entry in os.scandir("."):
            if entry.is_file():
                stat = entry.stat()
                seen[entry.name] = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        pass
    return seen


# -- each run in its own copy of the working directory, and the files it wrote ---------------------


def check_manifest(top, skip=None, limits=False):
    """relative path -> (size, mtime_ns, link target) of the files under `top` (not into `skip`);
    None when `limits` and the tree is over CHECK_DIR_MAX_FILES or CHECK_DIR_MAX_BYTES."""
    seen, total = {}, 0
    for folder, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if os.path.join(folder, d) != skip]
        for name in names:
            path = os.path.join(folder, name)
            try:
                stat = os.lstat(path)
            except OSError:
                continue
            link = os.readlink(path) if os.path.islink(path) else None
            seen[os.path.relpath(path, top)] = (stat.st_size, stat.st_mtime_ns, link)
            total += 0 if link else stat.st_size
            if limits and (len(seen) > CHECK_DIR_MAX_FILES or total > CHECK_DIR_MAX_BYTES):
                return None
    return seen


def check_file_content(path, size):
    if size > CHECK_FILE_READ_MAX:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(2**20), b""):
                digest.update(block)
        return ("sha256", digest.hexdigest(), size)
    with open(path, "rb") as handle:
        return handle.read()


class CheckWorkdir:
    """Copies of the working directory, one per run: both sides start from the same files, and
    what one side writes (or removes) is never seen by the other, nor left in the user's folder."""

    def __init__(self, manifest):
        self.home = os.getcwd()
        self.root = tempfile.mkdtemp(prefix="optimiser-check-")
        self.manifest = manifest
        self.runs = 0

    @classmethod
    def open(cls):
        """A CheckWorkdir, or (None, why not) when the working directory is too big to copy."""
        home = os.getcwd()
        manifest = check_manifest(home, limits=True)
        if manifest is None:
            return None, "more than %d files or %d MiB" % (CHECK_DIR_MAX_FILES, CHECK_DIR_MAX_BYTES // 2**20)
        size = sum(entry[0] for entry in manifest.values() if entry[2] is None)
        if 2 * size > shutil.disk_usage(tempfile.gettempdir()).free:
            return None, "not enough free disk for a copy"
        workdir = cls(manifest)
        # The copies must not copy themselves (a temporary folder inside the working directory).
        workdir.manifest = {k: v for k, v in manifest.items() if not os.path.join(home, k).startswith(workdir.root + os.sep)}
        return workdir, "%d files, %.3g MB" % (len(workdir.manifest), size / 1e6)

    def enter(self):
        self.runs += 1
        copy_dir = os.path.join(self.root, "run-%d" % self.runs)
        root = self.root
        shutil.copytree(
            self.home, copy_dir, symlinks=True,
            ignore=lambda folder, names: [n for n in names if os.path.join(folder, n) == root],
        )
        os.chdir(copy_dir)
        return copy_dir

    def leave(self, copy_dir):
        """The files the run wrote or changed (path -> content) and removed (path -> None)."""
        os.chdir(self.home)
        try:
            after = check_manifest(copy_dir)
            changes = {path: None for path in self.manifest if path not in after}
            for path, entry in after.items():
                if self.manifest.get(path) != entry:
                    full = os.path.join(copy_dir, path)
                    changes[path] = ("link", entry[2]) if entry[2] else check_file_content(full, entry[0])
            return changes
        finally:
            shutil.rmtree(copy_dir, ignore_errors=True)

    def close(self):
        os.chdir(self.home)
        shutil.rmtree(self.root, ignore_errors=True)


def check_files_difference(a, b):
    """None when two runs wrote, changed and removed the same files with the same contents."""
    if isinstance(a, CheckFailed) or isinstance(b, CheckFailed):
        return "could not compare"
    only = sorted(set(a) ^ set(b))
    if only:
        path = only[0]
        side = "the original" if path in a else "the new code"
        what = "removed" if (a if path in a else b)[path] is None else "wrote"
        return "only %s %s %s (%d such files)" % (side, what, path, len(only))
    for path in sorted(a):
        x, y = a[path], b[path]
        if x == y:
            continue
        if x is None or y is None:
            return "%s: removed by only %s" % (path, "the original" if x is None else "the new code")
        if isinstance(x, bytes) and isinstance(y, bytes):
            at = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            return "%s: contents differ from byte %d (%d vs %d bytes)" % (path, at, len(x), len(y))
        return "%s: contents differ" % path
    return None


def check_file_numbers(changes, reference):
    """The numbers in the text files a run wrote, when its files are the reference run's with
    only their numbers changed (the same paths, the same text around the numbers); else None."""
    if isinstance(changes, CheckFailed) or isinstance(reference, CheckFailed) or set(changes) != set(reference):
        return None
    numbers = []
    for path in sorted(changes):
        data, ref = changes[path], reference[path]
        if not isinstance(data, bytes) or not isinstance(ref, bytes) or b"\0" in data:
            if data != ref:
                return None
            continue
        if CHECK_NUMBER.sub(b"#", data) != CHECK_NUMBER.sub(b"#", ref):
            return None
        numbers.extend(float(n) for n in CHECK_NUMBER.findall(data))
    return numbers


def check_time_in_turn(runner, codes, repeats, budget_s, samples, sampling):
    """Times each side `repeats` times or more (up to CHECK_MAX_TIMED while the pairs fit in
    `budget_s`), taking turns and swapping who goes first each pair so that a drifting machine
    slows both alike. Timed pair i runs both sides with the same seed, CHECK_SEED + i."""
    times = ([], [])
    i = 0
    while len(times[0]) < repeats or (
        len(times[0]) < CHECK_MAX_TIMED and sum(times[0]) + sum(times[1]) + times[0][-1] + times[1][-1] <= budget_s
    ):
        i += 1
        for side in (0, 1) if i % 2 else (1, 0):
            values, elapsed, _ = runner.run(codes[side], CHECK_SEED + i, keep=False)
            times[side].append(elapsed)
            if sampling:
                for expression, value in values.items():
                    samples[side][expression].add(value)
    return times


def check_print_times(label, values):
    print(
        "  %s: min %.3g s, median %.3g s of %d timed runs (after one untimed run)"
        % (label, min(values), statistics.median(values), len(values))
    )


def verify(
    original,
    new,
    outputs,
    mutated=(),
    side_effects=(),
    repeats=3,
    budget_s=30.0,
    namespace=None,
    files=False,
    printed=False,
):
    """Runs `original` and `new` (cell sources) in the user's namespace, compares `outputs` (Python
    expressions evaluated after each run) and times both; prints a report ending in the `verify:`
    line and returns its fields as a dict. With `files` (code that starts programs or writes
    files), each run works in its own copy of the working directory and the files it wrote,
    changed or removed there are compared as one more output, "files". What the runs printed is
    compared as one more output, "printed", with `printed` (code whose results are what it
    prints) or when nothing else can tell the two apart (every output is None on both sides)."""
    shell = None
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        pass
    user = namespace if namespace is not None else shell.user_ns
    for warning in side_effects:
        print("warning: " + warning)
    runner = CheckRunner(user, list(outputs), [], shell)
    codes = runner.compile(original, "original"), runner.compile(new, "new")
    runner.inputs, too_big, random_hint = check_inputs(codes, user, mutated)
    runner.flat = {name for name in runner.inputs if check_is_flat(user[name])}
    if too_big:
        print("warning: not copied for each run (too big for the free memory): " + ", ".join(too_big))
    if files:
        runner.workdir, how = CheckWorkdir.open()
        if runner.workdir is not None:
            runner.outputs.append(CHECK_FILES)
            print("  files: each run works in its own copy of the working directory (%s); "
                  "files written outside it are not compared" % how)
        else:
            print("warning: the runs share the working directory (%s): each sees the files the "
                  "others wrote" % how)
    user_states = check_global_states()
    try:
        before = check_files()
        first, said = [], []
        for side in (0, 1):  # untimed: the same random state as the user's for both sides
            check_set_global_states(user_states)
            first.append(runner.run(codes[side], None, keep=True))
            said.append(runner.last_printed)
            if side == 0 and runner.workdir is None:
                changed = sorted(n for n, stamp in check_files().items() if before.get(n) != stamp)
                if changed:
                    print("warning: running the original again wrote " + ", ".join(changed[:5]))
        drew = first[0][2] or first[1][2] or bool(random_hint)
        if said[0].strip() and (printed or check_vacuous(runner.outputs, first)):
            runner.outputs.append(CHECK_PRINTED)
            for side in (0, 1):
                first[side][0][CHECK_PRINTED] = said[side]
            print(
                "  printed: compared (numbers to a unit of their last printed digit), %s"
                % ("the code's results are what it prints" if printed else "as every other result is None")
            )
        compare = {CHECK_FILES: check_files_difference, CHECK_PRINTED: check_printed_difference}
        reasons = {
            e: compare.get(e, check_output_reason)(first[0][0][e], first[1][0][e]) for e in runner.outputs
        }
        runner.first_files = first[0][0].get(CHECK_FILES)
        # Only code that reads a clock can hold its own time: a Monte Carlo pi of 3.14 from a 2.5 s
        # run is a result, not a timing.
        clocked = CHECK_CLOCK.search(original) is not None
        for expression in [e for e, reason in reasons.items() if reason and e not in (CHECK_FILES, CHECK_PRINTED)]:
            if clocked and check_is_timing(
                [first[side][0][expression] for side in (0, 1)], [first[side][1] for side in (0, 1)]
            ):
                reasons[expression] = None
                print(
                    "  %s: not compared: it reads as a time the code measures itself (about each run's own time)"
                    % expression
                )
                runner.outputs.remove(expression)
        # Programs draw random numbers the kernel cannot see: files that differ are compared as samples.
        sampling = (drew or bool(reasons.get(CHECK_FILES))) and any(reasons.values())
        samples = tuple(
            {e: CheckFileSamples(runner.first_files) if e == CHECK_FILES else CheckSamples() for e in runner.outputs}
            for _ in (0, 1)
        )
        if sampling:
            for side in (0, 1):
                for expression, value in first[side][0].items():
                    samples[side][expression].add(value)
        times = check_time_in_turn(runner, codes, max(3, repeats), budget_s, samples, sampling)
    finally:
        check_set_global_states(user_states)
        if runner.workdir is not None:
            runner.workdir.close()
    return check_report(runner, reasons, samples, sampling, drew, random_hint, times)


def check_vacuous(outputs, first):
    """Whether the outputs cannot tell the two runs apart: none, or every one None on both sides
    (a function that prints its results and returns nothing). Files written count as results."""
    if CHECK_FILES in outputs:
        return False
    return all(first[side][0].get(e) is None for side in (0, 1) for e in outputs)


def check_is_timing(values, elapsed):
    """Whether two differing results are each about the wall time of their own run (a cell that
    times itself, `time() - t0`): those are not results to compare."""
    for value, seconds in zip(values, elapsed):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or seconds <= 0:
            number = getattr(value, "item", None)
            if number is None or getattr(value, "shape", None) != ():
                return False
            value = number()
        if not 0.3 * seconds - 0.001 <= float(value) <= 1.5 * seconds + 0.01:
            return False
    return True


def check_output_reason(before, after):
    failed = [v.error for v in (before, after) if isinstance(v, CheckFailed)]
    if failed:
        return "could not compare (%s: %s)" % (type(failed[0]).__name__, failed[0])
    try:
        return check_difference(before, after)
    except Exception as error:
        return "could not compare (%s: %s)" % (type(error).__name__, error)


def check_report(runner, reasons, samples, sampling, drew, random_hint, times):
    """Prints the comparison and the timings; the last line is the `verify:` line."""
    equal = True
    random_mode = "none"
    if drew:
        random_mode = "seeded"
        how = "random state" if not random_hint else "random state (the code uses " + ", ".join(random_hint[:4]) + ")"
        print("  random draws: both sides started from the same " + how)
    if not runner.outputs:
        equal = False
        print("  nothing left to compare: every result reads as a timing")
    for expression in runner.outputs:
        reason = reasons[expression]
        if expression == CHECK_FILES and reason is None:
            written = runner.first_files
            if not written and len(runner.outputs) == 1:
                equal = False
                print("  files: could not compare: neither side wrote, changed or removed a file in the working "
                      "directory (did an earlier run use up the inputs?)")
            else:
                print("  files: same (%d written or changed, %d removed)"
                      % (sum(v is not None for v in written.values()), sum(v is None for v in written.values())))
            continue
        if reason is None:
            print("  %s: same" % expression)
            continue
        z = check_sampling_z(samples[0][expression], samples[1][expression]) if sampling else None
        if expression == CHECK_FILES and not samples[0][expression].varies:
            z = None  # the original writes the same files every time: a difference is one
        if z is not None and z <= CHECK_Z and expression == CHECK_FILES:
            random_mode = "sampling"
            print(
                "  files: differ from run to run (%s), the original's own runs too (random draws in the "
                "programs); the numbers in them agree within the sampling error over %d runs each (%.1f "
                "standard errors, limit %g)" % (reason, samples[0][expression].n, z, CHECK_Z)
            )
            continue
        if z is not None and z <= CHECK_Z:
            random_mode = "sampling"
            print(
                "  %s: differs from run to run (random draws, %s); the means of %d runs each agree "
                "within the sampling error (%.1f standard errors, limit %g)"
                % (expression, reason, samples[0][expression].n, z, CHECK_Z)
            )
            continue
        equal = False
        extra = (
            ""
            if z is None
            else " (random draws: %.1f standard errors apart over %d runs each)" % (z, samples[0][expression].n)
        )
        print("  %s: DIFFERENT: %s%s" % (expression, reason, extra))
    if runner.printed:
        print("  (%d characters the runs printed are not shown)" % runner.printed)
    check_print_times("original", times[0])
    check_print_times("new", times[1])
    best_old, best_new = min(times[0]), min(times[1])
    median_old, median_new = statistics.median(times[0]), statistics.median(times[1])
    speedup = best_old / best_new if best_new > 0 else float("inf")
    # Run-to-run noise: the widest spread of one side, relative to its best run. A speed-up (or a
    # slow-down) counts only when every run of one side is slower than every run of the other.
    noise = max((max(t) - min(t)) / min(t) if min(t) > 0 else 0.0 for t in times)
    significant = min(times[0]) > max(times[1]) or min(times[1]) > max(times[0])
    if not significant:
        print(
            "  no speed-up claimed: %.2fx is within the run-to-run noise (runs spread by up to %.0f%%)"
            % (speedup, 100 * noise)
        )
    print(
        "verify: equal=%s speedup=%.1fx original=%.3gs new=%.3gs median_original=%.3gs median_new=%.3gs "
        "noise=%.0f%% significant=%s random=%s"
        % (equal, speedup, best_old, best_new, median_old, median_new, 100 * noise, significant, random_mode)
    )
    return {
        "equal": equal,
        "speedup": speedup,
        "original_s": best_old,
        "new_s": best_new,
        "median_original_s": median_old,
        "median_new_s": median_new,
        "noise": noise,
        "significant": significant,
        "random": random_mode,
        "times": times,
    }
