"""jupyterlab-optimiser kernel probe: measures every cell execution and describes the machine.

The front end installs it with one silent request that executes this file's text inside a private
module, ``_jlab_optimiser_probe`` in ``sys.modules`` (see ``installCode`` in src/kernel/install.ts)::

    __import__("sys").modules.setdefault("_jlab_optimiser_probe",
        __import__("types").ModuleType("_jlab_optimiser_probe"))
    exec(compile(SOURCE, "jupyterlab_optimiser_probe.py", "exec"),
         __import__("sys").modules["_jlab_optimiser_probe"].__dict__)

so no name lands in the user's namespace. Executing it again replaces the earlier installation
(hooks, comm, thread): there is never more than one record per execution.

How it stays out of the user's way (docs/facts.md says more):

* The hooks it registers with IPython (``pre_run_cell``, ``post_run_cell``) and the comm's message
  handler are C-level callables (``functools.partial`` over ``itertools`` iterators) that only take
  readings — a clock, the main thread's CPU clock, two ``getrusage`` calls, ``len(sys.modules)`` —
  and hand them to the probe's thread through a ``queue.SimpleQueue``. ``sys.setprofile`` and
  ``sys.settrace`` report no event for them, so a user's tracer or profiler sees nothing of ours.
* Everything else — records, the line profile, facts, the comm messages — happens on that one
  persistent thread, started at installation, hidden from debuggers and never traced by a tracer
  the user sets on the main thread. It sleeps without the GIL between its jobs; nothing runs while
  the kernel is idle.
* The clocks are captured once, at load, and kept out of module attributes, so a user who patches
  ``time.perf_counter`` (freezegun and the like) does not patch the probe's.

Per execution, keyed by JupyterLab's cell id, a run record: ``wall_s`` (``time.perf_counter()``
around the cell), ``cpu_s`` (CPU of every thread of the kernel, ``getrusage(RUSAGE_SELF)``),
``children_cpu_s`` (child processes: those waited for, plus with psutil the growth of live pool
workers), ``peak_rss_delta_bytes`` (on Linux the peak is reset before each cell through
``/proc/self/clear_refs`` and read as VmHWM at the end), ``imported``, ``ok`` / ``error``; and for executions longer than
PROFILE_DELAY_S, a ``profile``: the main thread sampled at least 100 times a second, its time
split by notebook line into Python, native code and waiting.
"""

import collections
import ctypes
import functools
import importlib.metadata
import itertools
import json
import math
import opcode
import operator
import os
import platform
import queue
import resource
import shutil
import subprocess
import sys
import threading
import time
import types
import weakref
from typing import NamedTuple, Optional

COMM_TARGET = "jupyterlab-optimiser"
FACTS_VERSION = 1
QUIET_S = 0.02  # no cell for this long: the kernel has gone idle, records may go out
MAX_WAIT_S = 0.5  # cells back to back: records go out anyway after this long
MAX_PENDING = 10_000
MAX_RUNS_PER_MESSAGE = 100
LIVE_CHILDREN_MIN_WALL_S = 0.05
MAX_ERROR_CHARS = 500
MAX_VARIABLES = 25

# The line profile. A run shorter than the delay keeps the cost of the readings alone; the delay
# also bounds what the first sample's place is credited with (see Profile.add): 10 % of a run at
# the panel's 1 s advice threshold, the accuracy the sums are held to.
PROFILE_DELAY_S = 0.1
PROFILE_INTERVAL_S = 0.01  # 100 samples per second of run
PROFILE_MAX_LINES = 50
PROFILE_MAX_CALLS = 3  # the heaviest library functions named under each line
PROFILE_MAX_BYTES = 64_000
PROFILE_MAX_KEYS = (
    20_000  # distinct (line, call) pairs kept per run: the aggregate stays bounded
)
MAX_STACK_WALK = 200  # frames looked through for a notebook line, innermost first
MAX_NAME_CHARS = 120
MAX_CELL_FILES = 10_000
# A sample that got the GIL later than twice the switch interval found the cell's thread in a C
# call that held the GIL: bytecode hands it over after one interval, and the second is slack for
# the sampling thread's own wake-up, which takes milliseconds on a loaded machine.
GIL_HELD_SWITCHES = 2
# The instructions where the interpreter hands the GIL over (a loop's jump back, a function's
# start): a thread found at one was in the interpreter, not in a C call that let the GIL go.
# 3.11 also jumps back on a test (POP_JUMP_BACKWARD_IF_FALSE...); before 3.11, JUMP_ABSOLUTE.
GIL_HANDOVER_OPS = frozenset(
    number
    for name, number in opcode.opmap.items()
    if name in ("RESUME", "JUMP_ABSOLUTE")
    or ("JUMP_BACKWARD" in name and "NO_INTERRUPT" not in name)
)

# IPython renders a traceback with these; their first import after an error is not the cell's.
TRACEBACK_MODULES = frozenset({"stack_data", "executing", "asttokens", "pure_eval"})


class Clocks(NamedTuple):
    """The clocks, captured at load. Kept in a tuple, not as module attributes: freezegun and its
    kind replace every module attribute that is the real ``time.perf_counter``."""

    wall: object
    thread_cpu: object
    gettime: object
    current_frames: object


def _real_wall_clock():
    clock = time.perf_counter
    if isinstance(clock, types.BuiltinFunctionType):
        return clock
    # Installed while the user's clock is patched: perf_counter's own source on Linux and macOS.
    return functools.partial(time.clock_gettime, time.CLOCK_MONOTONIC)


CLOCKS = Clocks(
    _real_wall_clock(), time.thread_time, time.clock_gettime, sys._current_frames
)

# Distributions whose versions the advice reads: key -> candidate distribution names.
LIBRARIES = {
    "numpy": ("numpy",),
    "scipy": ("scipy",),
    "pandas": ("pandas",),
    "numba": ("numba",),
    "pathos": ("pathos",),
    "multiprocess": ("multiprocess",),
    "joblib": ("joblib",),
    "dask": ("dask",),
    "distributed": ("distributed",),
    "dask_jobqueue": ("dask-jobqueue", "dask_jobqueue"),
    "cupy": ("cupy", "cupy-cuda12x", "cupy-cuda11x", "cupy-cuda13x"),
    "cudf": ("cudf", "cudf-cu12", "cudf-cu11"),
    "torch": ("torch",),
    "jax": ("jax",),
    "cython": ("Cython", "cython"),
    "line_profiler": ("line_profiler", "line-profiler"),
    "psutil": ("psutil",),
}

SCHEDULER_ENV = (
    ("slurm", ("SLURM_JOB_ID", "SLURM_CLUSTER_NAME")),
    ("pbs", ("PBS_JOBID", "PBS_O_HOST")),
    ("lsf", ("LSB_JOBID", "LSF_ENVDIR")),
    ("sge", ("SGE_ROOT", "SGE_TASK_ID")),
)
SCHEDULER_COMMANDS = (
    ("slurm", "sbatch"),
    ("pbs", "pbsnodes"),
    ("lsf", "bsub"),
    ("sge", "qconf"),
)
# The batch allocation's CPU count for this job on this node, by scheduler.
BATCH_CPU_ENV = (
    ("slurm", ("SLURM_CPUS_PER_TASK", "SLURM_CPUS_ON_NODE")),
    ("pbs", ("PBS_NP",)),
    ("lsf", ("LSB_DJOB_NUMPROC",)),
)


# Machine facts: gathered at install and on request; never imports a heavy library.


def affinity_cores():
    """Cores this process may run on (CPU affinity), not the machine's total."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None


def _cgroup_dirs(root):
    """(version, directory) of each cgroup hierarchy with the CPU controller that this process is
    in, from /proc/self/mountinfo and /proc/self/cgroup (read under `root`)."""
    paths = {}  # controller set -> the process's cgroup path
    for line in (_read(os.path.join(root, "proc/self/cgroup")) or "").splitlines():
        _, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        paths[controllers] = path
    found = []
    for line in (_read(os.path.join(root, "proc/self/mountinfo")) or "").splitlines():
        fields = line.split()
        if " - " not in line or len(fields) < 5:
            continue
        fstype, _, options = line.split(" - ", 1)[1].split(" ")[:3]
        if fstype == "cgroup2":
            version, path = 2, paths.get("")
        elif fstype == "cgroup" and "cpu" in options.split(","):
            version = 1
            path = next((p for c, p in paths.items() if "cpu" in c.split(",")), None)
        else:
            continue
        if path is None:
            continue
        mount_root, mount_point = fields[3], fields[4]
        # Inside a container the cgroup path may be the host's, with its own cgroup mounted as root.
        inside = path[len(mount_root) :] if path.startswith(mount_root) else ""
        found.append(
            (version, os.path.join(root, mount_point.lstrip("/"), inside.lstrip("/")))
        )
    return found


def _quota(version, directory):
    """CPUs allowed by one cgroup directory's quota, or None for no quota."""
    if version == 2:
        text = (_read(os.path.join(directory, "cpu.max")) or "").split()
        quota, period = (text + ["max", "100000"])[:2]
    else:
        quota = (_read(os.path.join(directory, "cpu.cfs_quota_us")) or "-1").strip()
        period = (
            _read(os.path.join(directory, "cpu.cfs_period_us")) or "100000"
        ).strip()
    try:
        quota, period = int(quota), int(period)
    except ValueError:
        return None  # "max", or unreadable
    return quota / period if quota > 0 and period > 0 else None


def cgroup_cpus(root="/"):
    """The smallest CPU quota on the way from this process's cgroup up to its hierarchy's root
    (a parent's quota binds its children), in CPUs; None when there is none."""
    limits = []
    for version, directory in _cgroup_dirs(root):
        top = os.path.join(root, "")
        while True:
            quota = _quota(version, directory)
            if quota is not None:
                limits.append(quota)
            parent = os.path.dirname(directory)
            if (
                parent == directory
                or not parent.startswith(top)
                or not os.path.isdir(parent)
            ):
                break
            if not os.path.exists(
                os.path.join(parent, "cpu.max" if version == 2 else "cpu.cfs_quota_us")
            ):
                break
            directory = parent
    return min(limits) if limits else None


def batch_cpus(environ=None):
    """(scheduler, CPUs) the batch allocation grants, from its environment variables; else None."""
    environ = os.environ if environ is None else environ
    for name, variables in BATCH_CPU_ENV:
        counts = []
        for variable in variables:
            value = environ.get(variable, "").strip()
            if value.isdigit() and int(value) > 0:
                counts.append(int(value))
        if counts:
            return name, min(counts)
    return None


def effective_cores(root="/", environ=None):
    """(cores, source, limits): the smallest of CPU affinity, the cgroup quota and the batch
    allocation, and which one it was. A fractional quota rounds up: 1.5 CPUs keep 2 workers busy."""
    limits = {"affinity": affinity_cores()}
    quota = cgroup_cpus(root)
    if quota is not None:
        limits["cgroup"] = quota
    batch = batch_cpus(environ)
    if batch is not None:
        limits[batch[0]] = batch[1]
    # On a tie the more specific source is named: a batch job's cpuset matches its allocation.
    order = {"affinity": 0, "cgroup": 1}
    source = min(limits, key=lambda k: (max(1, math.ceil(limits[k])), -order.get(k, 2)))
    return max(1, math.ceil(limits[source])), source, limits


def _meminfo():
    try:
        with open("/proc/meminfo") as f:
            rows = (line.split() for line in f)
            return {
                row[0].rstrip(":"): int(row[1]) * 1024 for row in rows if len(row) >= 2
            }
    except (OSError, ValueError):
        return {}


def _cgroup_memory_limit():
    for path in (
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ):
        try:
            with open(path) as f:
                text = f.read().strip()
        except OSError:
            continue
        if (
            text.isdigit() and int(text) < 1 << 60
        ):  # cgroup v1 writes a huge number for "none"
            return int(text)
    return None


def memory():
    """(total, available) bytes, within a cgroup limit when there is one; None where unknown."""
    info = _meminfo()
    total, available = info.get("MemTotal"), info.get("MemAvailable")
    if total is None:
        try:
            total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            total = None
    limit = _cgroup_memory_limit()
    if limit is not None and (total is None or limit < total):
        total = limit
        available = None if available is None else min(available, limit)
    return total, available


def gpus():
    """NVIDIA GPUs (name, memory) from nvidia-smi, when it is present."""
    smi = shutil.which("nvidia-smi")
    if not smi:
        return []
    try:
        out = subprocess.run(
            [smi, "--query-gpu=name,memory.total", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.strip().splitlines():
        name, _, mib = line.rpartition(",")
        mib = mib.strip()
        memory_bytes = int(mib) * 1024 * 1024 if mib.isdigit() else None
        found.append({"name": name.strip(), "memory_bytes": memory_bytes})
    return found


def scheduler(environ=None):
    """The batch scheduler this kernel runs under or can submit to: env vars first, then commands."""
    environ = os.environ if environ is None else environ
    for name, variables in SCHEDULER_ENV:
        if any(v in environ for v in variables):
            return name
    for name, command in SCHEDULER_COMMANDS:
        if shutil.which(command):
            return name
    return None


def library_versions():
    """Installed versions from package metadata; None = not installed. Nothing is imported."""
    versions = {}
    for key, distributions in LIBRARIES.items():
        versions[key] = None
        for dist in distributions:
            try:
                versions[key] = importlib.metadata.version(dist)
                break
            except importlib.metadata.PackageNotFoundError:
                continue
    return versions


def blas_threads():
    """BLAS threads, only when threadpoolctl is already loaded (importing it would load BLAS)."""
    threadpoolctl = sys.modules.get("threadpoolctl")
    if threadpoolctl is None:
        return None
    pools = [p for p in threadpoolctl.threadpool_info() if p.get("user_api") == "blas"]
    return max((p.get("num_threads", 0) for p in pools), default=None)


def machine_facts(gpu_list):
    total, available = memory()
    cores, source, limits = effective_cores()
    facts = {
        "cores": cores,
        "cores_source": source,
        "cores_limits": limits,
        "memory_bytes": total,
        "memory_available_bytes": available,
        "gpus": gpu_list,
        "scheduler": scheduler(),
    }
    threads = blas_threads()
    if threads is not None:
        facts["blas_threads"] = threads
    return facts


# User variables whose size is cheap to read. A value's type module is loaded by definition, so
# nothing is imported; deep scans (DataFrame object columns, nested containers) are never made.

_SIZED_BUILTINS = (list, tuple, dict, set, frozenset, str, bytes, bytearray)
_ARRAY_MODULES = ("dask", "cupy", "torch", "jax", "jaxlib")


def describe(value):
    """Size facts for one value, or None when its size is not cheap to know."""
    if isinstance(value, _SIZED_BUILTINS):
        return {"type": type(value).__name__, "len": len(value)}
    module = type(value).__module__.partition(".")[0]
    type_name = type(value).__name__
    is_array = hasattr(value, "nbytes") and hasattr(value, "shape")
    if module == "numpy" and is_array:
        return {
            "type": type_name,
            "nbytes": int(value.nbytes),
            "shape": [int(n) for n in value.shape],
            "dtype": str(value.dtype),
        }
    if module == "pandas" and type_name == "DataFrame":
        return {
            "type": type_name,
            "nbytes": int(value.memory_usage(deep=False).sum()),
            "shape": [int(n) for n in value.shape],
        }
    if module == "pandas" and type_name in ("Series", "Index"):
        return {
            "type": type_name,
            "nbytes": int(value.memory_usage(deep=False)),
            "shape": [len(value)],
        }
    if module in _ARRAY_MODULES and is_array:
        return {
            "type": type_name,
            "nbytes": int(value.nbytes),
            "shape": [int(n) for n in value.shape],
        }
    return None


def variables(shell):
    """The largest sized user variables (as %who lists them), largest first."""
    namespace, hidden = shell.user_ns, getattr(shell, "user_ns_hidden", {})
    absent = object()
    sized = []
    for name, value in list(namespace.items()):
        if name.startswith("_") or hidden.get(name, absent) is value:
            continue
        try:
            facts = describe(value)
            # Containers rank by their own (shallow) size: comparable with nbytes, and O(1).
            rank = (
                facts["nbytes"] if facts and "nbytes" in facts else sys.getsizeof(value)
            )
        except Exception:  # a user type's broken nbytes or shape: not ours to report
            continue
        if facts is not None:
            sized.append((rank, name, facts))
    sized.sort(key=lambda item: (-item[0], item[1]))
    return {name: facts for _, name, facts in sized[:MAX_VARIABLES]}


# Readings and run records. The hooks take the readings on the thread that runs the cell; the
# records are built on the probe's thread, after the execution.

_MAXRSS_BYTES = 1 if sys.platform == "darwin" else 1024  # ru_maxrss and VmHWM are in KiB on Linux
START, END, WAKE, EVENTS_GONE, STOP = "start", "end", "wake", "events-gone", "stop"
ARM = "arm"  # the box key under which the probe's thread leaves the alarm for the next start
_CALL = operator.methodcaller("__call__")


class Reading(NamedTuple):
    """What the hooks read at one end of an execution."""

    wall: float  # the wall clock (perf_counter)
    cpu: float  # CPU of every thread of the kernel process
    peak_rss: int  # KiB; at a start, right after the peak reset, the resident size (statm); at an
    # end VmHWM; without /proc, ru_maxrss at both
    children_cpu: float  # CPU of children that ended and were waited for
    modules: int  # len(sys.modules)
    thread_cpu: float  # CPU of the thread that runs the cell


class Execution(NamedTuple):
    """An execution that started and has not ended yet."""

    info: object  # IPython's ExecutionInfo (cell id, source)
    start: Reading
    thread: int  # the thread that runs it
    depth: int  # 0 for a cell, 1 for a run_cell called by a cell, ...


class Run(NamedTuple):
    """An ended execution, queued until the records go out."""

    info: object  # IPython's ExecutionInfo, None if the start was not seen
    execution_count: Optional[int]
    start: Reading
    end: Reading
    new_modules: list
    error: Optional[str]
    profile: Optional["Profile"]


def reading(own, children, modules, peak_rss, wall, thread_cpu):
    return Reading(
        wall=wall,
        cpu=own.ru_utime + own.ru_stime,
        peak_rss=peak_rss,
        children_cpu=children.ru_utime + children.ru_stime,
        modules=modules,
        thread_cpu=thread_cpu,
    )


def build_record(start, end, new_modules, error):
    """The run record from the readings at the start and the end of an execution.

    With the peak reset at the start, the end's peak minus the start's is the execution's own
    peak above its starting RSS; without it, the growth of the process's lifetime peak."""
    record = {
        "wall_s": round(max(end.wall - start.wall, 0.0), 6),
        "cpu_s": round(max(end.cpu - start.cpu, 0.0), 6),
        "children_cpu_s": round(max(end.children_cpu - start.children_cpu, 0.0), 6),
        "peak_rss_delta_bytes": max(end.peak_rss - start.peak_rss, 0) * _MAXRSS_BYTES,
        # sys.modules keeps insertion order, so this execution's imports came last. A top-level
        # name counts only if it is itself among them: "scipy.linalg" under a loaded scipy is not
        # a first import of scipy.
        "imported": [
            name for name in new_modules if "." not in name and not name.startswith("_")
        ],
        "ok": error is None,
    }
    if error is not None:
        record["error"] = error
    return record


def users_modules(new_modules, failed):
    """The modules a run imported, less those IPython loaded to show its traceback: after an
    error, everything from the first traceback module on came after the user's code had stopped."""
    if failed:
        for i, name in enumerate(new_modules):
            if name.partition(".")[0] in TRACEBACK_MODULES:
                return new_modules[:i]
    return new_modules


def describe_error(error):
    return f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]


def run_error(result):
    """ "<name>: <message>" of a failed run, None for a good one."""
    if result is None:  # run_cell itself was interrupted
        return "KeyboardInterrupt: the execution was cancelled"
    exc = getattr(result, "error_before_exec", None) or getattr(
        result, "error_in_exec", None
    )
    return None if exc is None else describe_error(exc)


class PeakMemory:
    """The kernel's peak RSS, per execution, on Linux: reset through /proc/self/clear_refs (Linux
    4.0+) before it, so the start's peak is the resident size then (/proc/self/statm), and read as
    VmHWM from /proc/self/status at its end. Not ru_maxrss: that is never below the RSS of the
    process the kernel was exec'd from (the Jupyter server's), which no reset lowers, so a kernel
    smaller than its server would see no peak at all. The files are kept open: a write or a pread
    costs microseconds (status about 20 in a probed kernel, statm 1), where opening them for every
    execution costs tens. Elsewhere the fds are None and the lifetime ru_maxrss is read instead."""

    FILES = (("reset_fd", "clear_refs", os.O_WRONLY), ("statm_fd", "statm", os.O_RDONLY),
             ("status_fd", "status", os.O_RDONLY))

    def __init__(self):
        self.reset_fd = self.statm_fd = self.status_fd = None
        try:
            for name, file, mode in self.FILES:
                setattr(self, name, os.open(f"/proc/self/{file}", mode))
            # A hook cannot catch an error, so a write or read that fails must fail now.
            os.write(self.reset_fd, b"5")
            resident_kib(os.pread(self.statm_fd, PROC_BYTES, 0))
            high_water_kib(os.pread(self.status_fd, PROC_BYTES, 0))
        except (OSError, ValueError, IndexError):
            self.close()

    def close(self):
        for name, _, _ in self.FILES:
            fd = getattr(self, name, None)
            setattr(self, name, None)
            if fd is not None:
                os.close(fd)


PROC_BYTES = 4096  # /proc/self/status is about 1.4 KB, VmHWM in its first 400 bytes; statm 40
_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def resident_kib(statm):
    """The resident size, in KiB, from the text of /proc/self/statm (pages)."""
    return int(statm.split(None, 2)[1]) * _PAGE_KIB


def high_water_kib(status):
    """VmHWM, in KiB, from the text of /proc/self/status."""
    return int(status.split(b"VmHWM:", 1)[1].split(None, 1)[0])


def hooks(events, wake, box, peak, clocks=CLOCKS, alarm=False):
    """The IPython callbacks: (pre_run_cell ones, post_run_cell ones).

    Each is a ``functools.partial`` over C functions and ``itertools`` iterators, so no Python
    frame runs and neither ``sys.settrace`` nor ``sys.setprofile`` reports an event (the profiler
    reports ``c_call`` only for builtins called straight from bytecode). The first callback of a
    pair parks IPython's argument in `box`; the second advances an endless ``zip`` that takes the
    readings, picks the argument up and appends the tuple to the deque `events` (see `unpack`).
    No end wakes the probe's thread: it finds them when it next looks. With an `alarm` (see
    Alarm), a start calls what the thread left in `box` under ARM, the alarm's arming, if it did:
    a syscall, and nobody wakes inside a short cell. Without one, a start wakes the thread (a
    token put into the queue `wake`). Nothing in them can raise: IPython would print an error
    into the cell.
    """

    def each(function, *args):
        return itertools.starmap(function, itertools.repeat(args))

    def memory(fd):
        return each(os.pread, fd, PROC_BYTES, 0) if fd is not None else itertools.repeat(None)

    def readings(memory):
        return (
            each(resource.getrusage, resource.RUSAGE_SELF),
            each(resource.getrusage, resource.RUSAGE_CHILDREN),
            each(len, sys.modules),
            memory,
        )

    # At the start the peak is reset first and the clocks read last, nearest the user's code; at
    # the end the clocks come first. zip reads its iterators in order.
    reset = (
        each(os.write, peak.reset_fd, b"5")
        if peak.reset_fd is not None
        else itertools.repeat(None)
    )
    start = zip(
        itertools.repeat(START),
        each(box.pop, "info", None),
        each(threading.get_ident),
        reset,
        *readings(memory(peak.statm_fd)),
        each(clocks.wall),
        each(clocks.thread_cpu),
    )
    end = zip(
        itertools.repeat(END),
        each(clocks.wall),
        each(clocks.thread_cpu),
        each(threading.get_ident),
        *readings(memory(peak.status_fd)),
        each(box.pop, "result", None),
    )
    if alarm:
        # next(calls, info) calls box.pop(ARM, tuple)(): the arming, once, then tuple().
        notify = functools.partial(next, map(_CALL, each(box.pop, ARM, tuple)))
    else:  # put(item, block=info): block is ignored
        notify = functools.partial(wake.put, (WAKE,))
    pre = (
        functools.partial(box.__setitem__, "info"),
        functools.partial(next, map(events.append, start)),
        notify,
    )
    post = (
        functools.partial(box.__setitem__, "result"),
        functools.partial(next, map(events.append, end)),
    )
    return pre, post


def unpack(item):
    """(kind, IPython's argument, thread, Reading) from a hook's tuple."""
    if item[0] == START:
        _, info, thread, _, own, children, modules, statm, wall, thread_cpu = item
        peak = own.ru_maxrss if statm is None else resident_kib(statm)
        return START, info, thread, reading(own, children, modules, peak, wall, thread_cpu)
    _, wall, thread_cpu, thread, own, children, modules, status, result = item
    peak = own.ru_maxrss if status is None else high_water_kib(status)
    return END, result, thread, reading(own, children, modules, peak, wall, thread_cpu)


# The line profile: the main thread sampled from the probe's thread.


class Sample(NamedTuple):
    """Where one sample found the cell's thread and what it was doing."""

    where: tuple  # (cell file, 1-based line, code of the library function under it or None)
    wall: float
    thread_cpu: float
    native: bool  # its CPU time was compiled code (outside the interpreter, or holding the GIL)
    queued: float = (
        0.0  # its time ready to run but waiting for a CPU, so far (schedstat)
    )


class Profile:
    """The samples of one execution, aggregated as they come: seconds of Python, native code and
    waiting per (cell file, line, library function). Never raw stacks."""

    ELSEWHERE = (None, 0, None)

    def __init__(self, start, thread, cell_files, clocks=CLOCKS):
        self.thread = thread
        self.clock_id = time.pthread_getcpuclockid(thread)
        self.cell_files = cell_files
        self.clocks = clocks
        self.switch_s = sys.getswitchinterval()
        self.times = {}
        self.samples = 0
        self.modules = {}  # code -> its module's __name__, read off the frame
        self.schedstat = RunQueueClock(thread)
        # Made on the sampling thread: its own waits for a core, which are not the GIL held.
        self.own_queue = RunQueueClock(threading.get_ident())
        self.own_queued = self.own_queue.read()
        self.queued_s = 0.0
        # The run queue is read from the first sample on: the start delay's share is not split.
        self.last = Sample(
            self.ELSEWHERE, start.wall, start.thread_cpu, False, self.schedstat.read()
        )

    def take(self, due, arrived, waited):
        """One sample, taken after this thread got the GIL back at `arrived` (`waited`: it had
        let it go; else its lateness says nothing).

        When the sample was due, the cell's thread was either outside the interpreter (it let
        the GIL go: a C call that released it, or waiting), running bytecode (the interpreter
        hands the GIL over after the switch interval), or in a C call that held the GIL (the
        sample got it later than that). Only bytecode counts as Python.

        A GIL got early is not enough to say native: another thread waiting for it (a ticker, a
        progress bar's monitor) makes a bytecode loop hand it over early too, to whichever
        waiter wins. A thread found where the interpreter hands the GIL over was in bytecode."""
        wall, gettime = self.clocks.wall, self.clocks.gettime
        t1, c1 = wall(), gettime(self.clock_id)
        frame = self.clocks.current_frames().get(self.thread)
        where = self.locate(frame)
        handing_over = at_handover(frame)
        del frame
        c2, t2 = gettime(self.clock_id), wall()
        # The run queue is a file read, and a read lets the GIL go mid-sample: the cell's thread
        # takes it and this one waits a switch interval to get it back, two forced switches per
        # sample (a few % of a pure-Python cell, and under 100 samples a second). Queued time can
        # only matter when the thread was off a CPU for a tenth of the interval: read it then.
        last = self.last
        off_cpu = c1 - last.thread_cpu < 0.9 * (t1 - last.wall)
        queued = self.schedstat.read() if off_cpu else last.queued
        late = arrived - due
        let_go = waited and late < 0.8 * self.switch_s
        # Still running while this thread holds the GIL: outside the interpreter.
        running = t2 - t1 > 2e-6 and c2 - c1 > 0.5 * (t2 - t1)
        # A C call that held the GIL so long ran on the CPU meanwhile; a cell thread queued for a
        # CPU while holding it (a busy machine) did not, and was running bytecode.
        if late > GIL_HELD_SWITCHES * self.switch_s:
            # On a loaded machine this thread may have waited for a core, not for the GIL: that
            # wait is taken off (read only here, so a quiet machine pays no extra file read).
            own = self.own_queue.read()
            late -= min(max(own - self.own_queued, 0.0), late)
            self.own_queued = own
        held = (
            late > GIL_HELD_SWITCHES * self.switch_s
            and c1 - last.thread_cpu >= 0.5 * late
        )
        native = held or ((let_go or running) and not handing_over)
        self.add(Sample(where, t1, c1, native, queued))
        self.samples += 1

    def locate(self, frame):
        """The innermost notebook line on the stack, and the function it called (if any)."""
        callee = None
        for _ in range(MAX_STACK_WALK):
            if frame is None:
                break
            code = frame.f_code
            if code.co_filename in self.cell_files:
                line = frame.f_lineno
                if line is None:  # a loop's jump back has no line of its own (3.11+)
                    line = line_before(code, frame.f_lasti)
                return code.co_filename, line, callee
            if code not in self.modules:
                self.modules[code] = frame.f_globals.get("__name__")
            callee = code
            frame = frame.f_back
        return self.ELSEWHERE

    def add(self, sample):
        """Credits the time since the last sample to the place this one found, split by what the
        thread's CPU clock did (waiting: not on a CPU) and by what `take` saw. The first sample's
        interval starts with the execution, so the delay goes to the first place seen.

        Time the thread was ready to run but queued behind other processes (a busy login node)
        is not waiting: it counts as the work it was queued for, and in `queued_s`."""
        span = max(sample.wall - self.last.wall, 0.0)
        cpu = min(max(sample.thread_cpu - self.last.thread_cpu, 0.0), span)
        queued = min(max(sample.queued - self.last.queued, 0.0), span - cpu)
        key = sample.where
        if key not in self.times and len(self.times) >= PROFILE_MAX_KEYS:
            key = self.ELSEWHERE
        spent = self.times.setdefault(key, [0.0, 0.0, 0.0])
        spent[1 if sample.native else 0] += cpu + queued
        spent[2] += span - cpu - queued
        self.queued_s += queued
        self.last = sample

    def finish(self, end):
        """The time after the last sample, credited like the last sample's interval."""
        last = self.last
        self.add(
            Sample(
                last.where, end.wall, end.thread_cpu, last.native, self.schedstat.read()
            )
        )
        self.schedstat.close()
        self.own_queue.close()

    def to_json(self, file_cells):
        """The record's "profile": lines sorted by total time, at most PROFILE_MAX_LINES."""
        lines, elsewhere = {}, [0.0, 0.0, 0.0]
        for (filename, line, callee), spent in self.times.items():
            cell_id = file_cells.get(filename)
            if cell_id is None:
                elsewhere = [a + b for a, b in zip(elsewhere, spent)]
                continue
            entry = lines.setdefault((cell_id, line), [[0.0, 0.0, 0.0], {}])
            entry[0] = [a + b for a, b in zip(entry[0], spent)]
            if callee is not None:
                name = function_name(callee, self.modules.get(callee))
                entry[1][name] = entry[1].get(name, 0.0) + sum(spent)
        ordered = sorted(lines.items(), key=lambda item: (-sum(item[1][0]), item[0]))
        profile = {
            "interval_s": PROFILE_INTERVAL_S,
            "start_delay_s": PROFILE_DELAY_S,
            "samples": self.samples,
            "queued_s": round(self.queued_s, 4),
            "lines": [
                line_json(cell_id, line, *entry)
                for (cell_id, line), entry in ordered[:PROFILE_MAX_LINES]
            ],
            "elsewhere": kinds_json(elsewhere),
        }
        more_lines(profile, [entry[0] for _, entry in ordered[PROFILE_MAX_LINES:]])
        return bounded(profile)


def at_handover(frame):
    """Whether the thread's innermost frame stands at an instruction that hands the GIL over."""
    if frame is None or frame.f_lasti < 0:
        return False
    code = frame.f_code.co_code
    return frame.f_lasti < len(code) and code[frame.f_lasti] in GIL_HANDOVER_OPS


def line_before(code, offset):
    """The line of the nearest instruction at or before `offset` that has one (else the first
    line): where a loop's jump back, which has none, belongs."""
    line = code.co_firstlineno
    for start, _end, number in code.co_lines():
        if start > offset:
            break
        if number is not None:
            line = number
    return line


class RunQueueClock:
    """Seconds a thread has spent ready to run but waiting for a CPU: the second field of Linux's
    /proc/<pid>/task/<tid>/schedstat (nanoseconds). Reads 0.0 where there is none (not Linux,
    schedstats off), so the profile falls back to counting that time as waiting."""

    def __init__(self, ident):
        self.fd = None
        native_id = next(
            (t.native_id for t in threading.enumerate() if t.ident == ident), None
        )
        if native_id is None:
            return
        try:
            self.fd = os.open(f"/proc/self/task/{native_id}/schedstat", os.O_RDONLY)
            self.read()
        except (OSError, ValueError, IndexError):
            self.close()

    def read(self):
        if self.fd is None:
            return 0.0
        try:
            return int(os.pread(self.fd, 128, 0).split()[1]) / 1e9
        except (OSError, ValueError, IndexError):
            self.close()
            return 0.0

    def close(self):
        if self.fd is not None:
            fd, self.fd = self.fd, None
            try:
                os.close(fd)
            except OSError:
                pass


def more_lines(profile, spent):
    """Adds the time of lines left out of "lines" to "more_lines", so the sums stay whole."""
    if not spent:
        return
    old = profile.get("more_lines", {})
    kinds = ("python_s", "native_s", "waiting_s")
    total = [
        sum(s[k] for s in spent) + old.get(name, 0.0) for k, name in enumerate(kinds)
    ]
    profile["more_lines"] = dict(
        kinds_json(total), lines=len(spent) + old.get("lines", 0)
    )


def kinds_json(spent):
    python, native, waiting = spent
    return {
        "python_s": round(python, 4),
        "native_s": round(native, 4),
        "waiting_s": round(waiting, 4),
    }


def line_json(cell_id, line, spent, calls):
    entry = dict({"cell_id": cell_id, "line": line}, **kinds_json(spent))
    heaviest = sorted(calls.items(), key=lambda item: (-item[1], item[0]))[
        :PROFILE_MAX_CALLS
    ]
    if heaviest:
        entry["calls"] = [{"name": name, "s": round(s, 4)} for name, s in heaviest]
    return entry


def function_name(code, module):
    """ "module.qualified.name" of a library function (its file's name for a nameless module)."""
    qualname = getattr(code, "co_qualname", code.co_name)
    if not isinstance(module, str):
        module = os.path.basename(code.co_filename).removesuffix(".py")
    return f"{module}.{qualname}"[:MAX_NAME_CHARS]


def bounded(profile):
    """Keeps the profile within PROFILE_MAX_BYTES of JSON: library names go first, then lines
    (into "more_lines")."""
    while len(json.dumps(profile)) > PROFILE_MAX_BYTES and profile["lines"]:
        named = [line for line in profile["lines"] if "calls" in line]
        for line in named:
            del line["calls"]
        if not named:
            line = profile["lines"].pop()
            kinds = ("python_s", "native_s", "waiting_s")
            more_lines(profile, [[line[k] for k in kinds]])
    return profile


# The probe's thread: every job that is not a reading.


def probe_thread(target, name):
    thread = threading.Thread(target=target, name=name, daemon=True)
    # debugpy and pydevd neither trace nor list threads marked so.
    thread.pydev_do_not_trace = True
    thread.is_pydev_daemon_thread = True
    thread.ready = threading.Event()
    return thread


class Alarm:
    """A one-shot kernel timer that a start arms without waking anyone, so that the probe's
    thread wakes PROFILE_DELAY_S after the first start it did not know of: to sample the cell if
    it still runs, else to send its record while the kernel is idle. A thread woken at every
    start takes the GIL inside a short cell's busy window (tens of microseconds on a VM).

    Linux's timerfd through ctypes (``os.timerfd_*`` came in Python 3.13), called through PyDLL,
    which keeps the GIL: a syscall of a microsecond. A second thread of the probe waits on it and
    wakes the first when it fires: the queue cannot be waited on together with a file."""

    def __init__(self, wake, seconds):
        libc = ctypes.PyDLL(None)
        libc.timerfd_create.argtypes = (ctypes.c_int, ctypes.c_int)
        settime = libc.timerfd_settime
        settime.argtypes = (
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.c_void_p,
        )
        self.fd = libc.timerfd_create(time.CLOCK_MONOTONIC, os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "timerfd_create")

        def spec(ns):  # struct itimerspec: interval (none), then the first expiry
            return (ctypes.c_long * 4)(0, 0, *divmod(ns, 1_000_000_000))

        self.specs = spec(round(seconds * 1e9)), spec(1)
        self.arm = functools.partial(settime, self.fd, 0, self.specs[0], None)
        self.ring = functools.partial(settime, self.fd, 0, self.specs[1], None)
        if self.arm() != 0:  # a call that fails must fail now, not in a hook
            os.close(self.fd)
            raise OSError(ctypes.get_errno(), "timerfd_settime")
        self.wake = wake
        self.stopped = False
        self.thread = probe_thread(self.run, "jupyterlab-optimiser-probe-alarm")

    @classmethod
    def make(cls, wake, seconds):
        """The alarm, or None where there is no timerfd (each start then wakes the thread)."""
        try:
            return cls(wake, seconds)
        except (OSError, AttributeError, TypeError):
            return None

    def run(self):
        self.thread.ready.set()
        while True:
            try:
                os.read(self.fd, 8)  # the number of expiries, once one has come
            except OSError:
                return
            if self.stopped:
                return
            self.wake.put((WAKE,))

    def close(self):
        self.stopped = True
        self.ring()
        if self.thread.ident is not None:
            self.thread.join(timeout=2)
        os.close(self.fd)


def start_untraced(thread):
    """Starts a thread that a tracer set with threading.settrace / setprofile does not follow.

    The hooks are cleared only until the thread is past the point where it reads them."""
    saved = threading._trace_hook, threading._profile_hook
    if saved == (None, None):
        thread.start()
        return
    threading._trace_hook = threading._profile_hook = None
    try:
        thread.start()
        thread.ready.wait(5)
    finally:
        threading._trace_hook, threading._profile_hook = saved


class Worker:
    """The probe's one thread: turns the hooks' readings into records, samples the cell's thread
    while a cell runs, answers the comm, and sends the records once the kernel is idle.

    It waits on the queue without the GIL; the only timeouts it sets are the next sample while a
    cell runs and the next send while records wait, both on the clock captured at load."""

    def __init__(self, probe):
        self.probe = probe
        self.queue = probe.queue
        self.clocks = probe.clocks
        self.stacks = {}  # thread -> [Execution]
        self.profile = None
        self.profiled = None  # the Execution being sampled
        self.next_sample = None
        self.next_look = None  # when to look for an end while a cell runs unsampled
        self.pending = collections.deque(maxlen=MAX_PENDING)
        self.first_queued = self.last_end = 0.0
        self.cell_files = {}  # cell file name -> cell id
        self.cell_sources = {}  # cell id -> (source, file name)
        self.profiling = True
        self.thread = probe_thread(self.run, "jupyterlab-optimiser-probe")

    def start(self):
        start_untraced(self.thread)
        if self.probe.alarm is not None:
            start_untraced(self.probe.alarm.thread)

    def stop(self):
        self.queue.put((STOP,))
        if (
            self.thread.ident is not None
            and self.thread is not threading.current_thread()
        ):
            self.thread.join(timeout=2)
        if self.probe.alarm is not None:
            self.probe.alarm.close()

    def run(self):
        self.thread.ready.set()
        while True:
            self.leave_alarm()
            timeout = self.timeout()
            try:
                item = self.queue.get(True, timeout)
            except queue.Empty:
                item = None
            if isinstance(item, tuple) and item[:1] == (STOP,):
                return
            try:
                # A wait of 0 kept the GIL: such a sample cannot tell from its lateness whether
                # the cell's thread was in the interpreter.
                self.handle(item, waited=timeout is None or timeout > 0)
            except Exception as error:  # a bug of ours: said, and the thread carries on
                self.probe.fault("probe thread", error)

    def leave_alarm(self):
        """Before each wait: with no execution known to run, the next start must arm the alarm.
        A start that came since the last drain did not find it: handled now."""
        alarm, box = self.probe.alarm, self.probe.box
        if alarm is None:
            return
        if self.stacks:
            box.pop(ARM, None)
            return
        box[ARM] = alarm.arm
        if self.probe.events:
            self.drain()
            if self.stacks:
                box.pop(ARM, None)

    def timeout(self):
        """Seconds until the next job, or None to wait for the next start."""
        due = [
            t
            for t in (self.next_sample, self.next_look, self.send_due())
            if t is not None
        ]
        return max(min(due) - self.clocks.wall(), 0.0) if due else None

    def handle(self, item, waited):
        """What woke the thread (None: a timeout), then the hooks' readings, then the timers."""
        arrived = self.clocks.wall()
        if isinstance(item, dict):
            self.on_message(item)
        elif item is not None and item[0] == EVENTS_GONE:
            self.probe.check_events()
        self.drain()
        if (
            item is None
            and self.next_sample is not None
            and arrived >= self.next_sample
        ):
            self.sample(self.next_sample, arrived, waited)
        if self.next_look is not None and arrived >= self.next_look:
            self.look()
        due = self.send_due()
        if due is not None and self.clocks.wall() >= due:
            self.drain()  # a cell that started meanwhile puts the send off
            if self.send_due() <= self.clocks.wall():
                self.flush()

    def drain(self):
        events = self.probe.events
        while events:
            item = events.popleft()
            try:
                kind, argument, thread, read = unpack(item)
                if kind == START:
                    self.started(argument, thread, read)
                else:
                    self.ended(argument, thread, read)
            except (
                Exception
            ) as error:  # a bug of ours: said, and the next reading is handled
                self.probe.fault("probe thread", error)

    def look(self):
        """A cell runs unsampled (profiling off): ends do not wake this thread, so it looks."""
        self.next_look = None
        if self.stacks and not self.probe.hooked():
            self.abandon()
            self.probe.check_events()
        elif self.stacks and self.profiled is None:
            self.next_look = self.clocks.wall() + PROFILE_DELAY_S

    # Executions.

    def started(self, info, thread, read):
        stack = self.stacks.setdefault(thread, [])
        execution = Execution(info, read, thread, len(stack))
        stack.append(execution)
        if execution.depth == 0 and self.profiling and self.profiled is None:
            self.profiled = execution
            # Found late (at the alarm), the first sample waits a quarter interval: the sample
            # taken at once would not have waited for the GIL, and its lateness would say nothing.
            self.next_sample = max(
                read.wall + PROFILE_DELAY_S, self.clocks.wall() + PROFILE_INTERVAL_S / 4
            )
        elif self.profiled is None and self.next_look is None:
            self.next_look = read.wall + PROFILE_DELAY_S

    def ended(self, result, thread, read):
        stack = self.stacks.get(thread, [])
        execution = pop_execution(stack, getattr(result, "info", None))
        if not stack:
            self.stacks.pop(thread, None)
        if execution is None:
            return  # it started before the probe was installed
        profile = self.end_profile(execution, read)
        if execution.depth > 0 and getattr(execution.info, "cell_id", None) is None:
            return  # a run_cell called by a cell: no record without a cell id
        start = execution.start
        new_modules = (
            list(sys.modules)[start.modules : read.modules]
            if read.modules > start.modules
            else []
        )
        error = run_error(result)
        count = getattr(result, "execution_count", None)
        modules = users_modules(new_modules, error is not None)
        self.pending.append(
            Run(execution.info, count, start, read, modules, error, profile)
        )
        if len(self.pending) == 1:
            self.first_queued = read.wall
        self.last_end = read.wall

    def end_profile(self, execution, read):
        """Stops sampling when the sampled execution ends; its profile, if a sample was taken."""
        if execution is not self.profiled:
            return None
        profile, self.profile, self.profiled, self.next_sample = (
            self.profile,
            None,
            None,
            None,
        )
        if profile is not None:
            profile.finish(read)
        return profile

    # Sampling.

    def sample(self, due, arrived, waited):
        if not self.probe.hooked():
            self.abandon()
            self.probe.check_events()
            return
        if self.profile is None:
            execution = self.profiled
            self.add_cell_file(execution.info, self.probe.execution_count())
            self.profile = Profile(
                execution.start, execution.thread, self.cell_files, self.clocks
            )
        self.profile.take(due, arrived, waited)
        # A fixed grid of due times keeps 100 samples a second while each waits for the GIL; after
        # a C call that held the GIL for long, the grid starts again rather than catching up.
        now = self.clocks.wall()
        self.next_sample = max(due + PROFILE_INTERVAL_S, now + PROFILE_INTERVAL_S / 4)

    def abandon(self):
        """The hooks are gone: no end will come for what runs now."""
        self.stacks.clear()
        self.profile = self.profiled = self.next_sample = self.next_look = None

    def add_cell_file(self, info, execution_count):
        """Remembers which file IPython compiled a cell's source to, so that its frames count as
        that cell's lines wherever they run (a function defined in cell 3 and called from cell 7)."""
        cell_id = getattr(info, "cell_id", None)
        source = getattr(info, "raw_cell", None)
        known = self.cell_sources.get(cell_id)
        if (
            cell_id is None
            or source is None
            or (known is not None and known[0] == source)
        ):
            return
        transformed = getattr(info, "transformed_cell", None) or source
        name = self.probe.cell_file_name(source, transformed, execution_count)
        if name is None:
            return
        if known is not None and self.cell_files.get(known[1]) == cell_id:
            del self.cell_files[known[1]]
        while len(self.cell_files) >= MAX_CELL_FILES:
            del self.cell_files[next(iter(self.cell_files))]
        self.cell_files[name] = cell_id
        self.cell_sources[cell_id] = (source, name)

    # Sending.

    def send_due(self):
        """When the records waiting go out: once no cell has run for QUIET_S; while a cell runs,
        only once it has run for MAX_WAIT_S (sending costs milliseconds, which a short cell's
        busy window should not pay)."""
        if not self.pending:
            return None
        if self.stacks:
            since = min(stack[0].start.wall for stack in self.stacks.values())
            return max(since, self.first_queued) + MAX_WAIT_S
        return self.last_end + QUIET_S

    def flush(self):
        runs = list(self.pending)
        self.pending.clear()
        for (
            run
        ) in runs:  # hashing a cell's source costs ~0.2 ms a KB: done here, while idle
            self.add_cell_file(run.info, run.execution_count)
        self.probe.deliver(runs, self.cell_files)

    def on_message(self, msg):
        content = msg.get("content") if isinstance(msg, dict) else None
        request = content.get("data") if isinstance(content, dict) else None
        kind = request.get("type") if isinstance(request, dict) else None
        if kind == "facts-request":
            self.probe.check_events()
            facts = self.probe.facts()
            self.probe.send(
                {
                    "type": "facts",
                    "request_id": request.get("request_id"),
                    "facts": facts,
                }
            )
        elif kind == "profile":
            self.profiling = request.get("enabled") is not False


def pop_execution(stack, info):
    """The execution a post_run_cell result belongs to, off the stack with any inner executions
    that never ended; None when it is not on the stack."""
    if info is None:  # run_cell was interrupted before it made a result: the innermost
        return stack.pop() if stack else None
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].info is info:
            execution = stack[i]
            del stack[i:]
            return execution
    return None


# Children: pool workers and subprocesses.


class LiveChildren:
    """CPU time of the kernel's live descendants (pool workers), through psutil when installed."""

    def __init__(self):
        try:
            import psutil
        except ImportError:
            self.process = None
        else:
            self.process = psutil.Process()
        self.seen = (
            self.cpu_by_pid()
        )  # what children did before the probe came is no cell's

    def cpu_by_pid(self):
        found = {}
        if self.process is None:
            return found
        for child in self.process.children(recursive=True):
            try:
                t = child.cpu_times()
            except Exception:  # it ended while we looked
                continue
            # With the descendants it waited for, as RUSAGE_CHILDREN counts them once it is reaped.
            found[child.pid] = t.user + t.system + t.children_user + t.children_system
        return found

    def settle(self, waited_s):
        """Children CPU of the cell just ended: `waited_s` from RUSAGE_CHILDREN, corrected with the
        live descendants' growth and less what vanished ones had already been credited with."""
        if self.process is None:
            return waited_s
        now = self.cpu_by_pid()
        grown = sum(cpu - self.seen.get(pid, 0.0) for pid, cpu in now.items())
        vanished = sum(cpu for pid, cpu in self.seen.items() if pid not in now)
        self.seen = now
        return max(waited_s + grown - vanished, 0.0)


# The probe: IPython hooks, a comm, machine facts on request.


class Probe:
    """Installed once per kernel; `uninstall` undoes everything `install` did."""

    def __init__(self, shell, clocks=CLOCKS):
        self.shell = shell
        self.clocks = clocks
        self.queue = queue.SimpleQueue()  # what wakes the probe's thread
        self.events = collections.deque()  # the hooks' readings, in order
        self.box = {}
        self.peak = PeakMemory()
        self.alarm = Alarm.make(self.queue, PROFILE_DELAY_S)
        self.pre, self.post = hooks(
            self.events,
            self.queue,
            self.box,
            self.peak,
            clocks,
            alarm=self.alarm is not None,
        )
        self.live_children = LiveChildren()
        self.gpus = gpus()  # a GPU does not come or go while a kernel runs: asked once
        self.comm = None
        self.events_ref = None
        self.events_fault = False
        self.worker = Worker(self)

    def install(self):
        from comm import create_comm

        hello = {"type": "hello", "facts": self.facts(), "profiling": self.profiling()}
        self.comm = create_comm(target_name=COMM_TARGET, data=hello)
        self.comm.on_msg(
            functools.partial(self.queue.put)
        )  # a C callable, as the hooks are
        self.worker.start()
        for event, callbacks in self.callbacks():
            for callback in callbacks:
                self.shell.events.register(event, callback)
        self.watch_events()

    def uninstall(self):
        for event, callbacks in self.callbacks():
            for callback in callbacks:
                try:
                    self.shell.events.unregister(event, callback)
                except (ValueError, KeyError, AttributeError):
                    pass  # the user replaced or emptied IPython's event manager
        self.events_ref = None
        self.worker.stop()
        if self.comm is not None:
            self.comm.close()
            self.comm = None
        self.peak.close()

    def callbacks(self):
        return (("pre_run_cell", self.pre), ("post_run_cell", self.post))

    def profiling(self):
        return {
            "enabled": self.worker.profiling,
            "start_delay_s": PROFILE_DELAY_S,
            "interval_s": PROFILE_INTERVAL_S,
        }

    def facts(self):
        return {
            "version": FACTS_VERSION,
            "kernel": {"language": "python", "version": platform.python_version()},
            "machine": machine_facts(self.gpus),
            "libraries": library_versions(),
            "variables": variables(self.shell),
        }

    # IPython's event manager: the hooks live in it, so a user who replaces it stops the probe.

    def watch_events(self):
        """Tells the probe's thread when the event manager it hooked is dropped."""
        try:
            self.events_ref = weakref.ref(
                self.shell.events, functools.partial(self.queue.put, (EVENTS_GONE,))
            )
        except TypeError:
            self.events_ref = None

    def hooked(self):
        try:
            callbacks = self.shell.events.callbacks
            return all(c in callbacks["pre_run_cell"] for c in self.pre) and all(
                c in callbacks["post_run_cell"] for c in self.post
            )
        except Exception:
            return False

    def check_events(self):
        """Reports, once, that the hooks are gone (the user replaced get_ipython().events or took
        them out of it); follows a replacement that kept them."""
        if self.hooked():
            if self.events_ref is None or self.events_ref() is not self.shell.events:
                self.watch_events()
            return
        if not self.events_fault:
            self.events_fault = True
            self.worker.abandon()
            self.fault(
                "events",
                "IPython's event manager (get_ipython().events) was replaced or its probe "
                "callbacks removed: runs are no longer measured. Restart the kernel to measure again.",
            )

    # Helpers for the thread.

    def execution_count(self):
        return getattr(self.shell, "execution_count", None)

    def cell_file_name(self, source, transformed, execution_count):
        try:
            return self.shell.compile.get_code_name(
                source, transformed, execution_count
            )
        except Exception:  # another shell's compiler: its cells' lines stay unknown
            return None

    # Messages.

    def deliver(self, runs, cell_files):
        try:
            out = [self.run_json(run, cell_files) for run in runs]
            self.add_live_children(out)
            for i in range(0, len(out), MAX_RUNS_PER_MESSAGE):
                self.send({"type": "runs", "runs": out[i : i + MAX_RUNS_PER_MESSAGE]})
        except Exception as error:
            self.fault("send", error)

    def run_json(self, run, cell_files):
        record = build_record(run.start, run.end, run.new_modules, run.error)
        if run.profile is not None:
            record["profile"] = run.profile.to_json(cell_files)
        return {
            "cell_id": getattr(run.info, "cell_id", None),
            "execution_count": run.execution_count,
            "record": record,
        }

    def add_live_children(self, runs):
        # Pool workers that outlive a cell are idle by now, so what they did since the last look
        # is the cell's. Short cells that reaped no child skip the scan (milliseconds): their
        # workers' CPU, if any, goes to the next cell that is looked at.
        for run in runs:
            record = run["record"]
            if (
                record["wall_s"] >= LIVE_CHILDREN_MIN_WALL_S
                or record["children_cpu_s"] > 0
            ):
                settled = self.live_children.settle(record["children_cpu_s"])
                record["children_cpu_s"] = round(settled, 6)

    def fault(self, where, error):
        text = error if isinstance(error, str) else describe_error(error)
        try:
            self.send({"type": "fault", "where": where, "error": text})
        except Exception:
            pass  # with no comm left there is nobody to tell

    def send(self, data):
        if self.comm is not None:
            self.comm.send(data)


def install():
    """Installs the probe into the running IPython, replacing an earlier installation."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("the jupyterlab-optimiser probe needs an IPython kernel")
    uninstall()
    probe = Probe(shell)
    probe.install()
    globals()["probe"] = probe
    return probe


def uninstall():
    """Removes the probe (the front end's "probe off" setting); nothing is left running."""
    previous = globals().pop("probe", None)
    if previous is not None:
        previous.uninstall()


if __name__ == "_jlab_optimiser_probe":
    install()
