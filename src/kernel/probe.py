"""jupyterlab-optimiser kernel probe: measures every cell execution and describes the machine.

The front end installs it with one silent request that executes this file's text inside a private
module, ``_jlab_optimiser_probe`` in ``sys.modules`` (see ``installCode`` in src/kernel/install.ts)::

    __import__("sys").modules.setdefault("_jlab_optimiser_probe",
        __import__("types").ModuleType("_jlab_optimiser_probe"))
    exec(compile(SOURCE, "jupyterlab_optimiser_probe.py", "exec"),
         __import__("sys").modules["_jlab_optimiser_probe"].__dict__)

so no name lands in the user's namespace. Executing it again replaces the earlier installation
(hooks, comm, timers): there is never more than one record per execution.

Per execution (IPython's ``pre_run_cell`` / ``post_run_cell``), keyed by JupyterLab's cell id:

``wall_s``
    ``time.perf_counter()`` around the cell.
``cpu_s``
    CPU time of every thread of the kernel process (``getrusage(RUSAGE_SELF)``).
``children_cpu_s``
    CPU time of child processes during the cell. Two sources, because neither sees everything:

    * ``resource.getrusage(RUSAGE_CHILDREN)`` counts children that ended *and were waited for*
      during the cell (``subprocess.run``, a pool closed and joined in the cell), with the
      descendants they waited for. This is all there is without psutil.
    * with psutil installed, the growth of the CPU time of *live* descendants (pool workers that
      outlive the cell, as pathos and ``ProcessPoolExecutor`` keep them), including what they
      waited for. A descendant that disappears takes the CPU already credited to earlier cells
      with it, so a pool reaped later is not counted twice.

    Without psutil, work done by workers still alive when the cell ends is missed until they are
    reaped. Live children are looked at when the records are sent, after the cell, if it ran for
    50 ms or more or reaped a child (scanning the process table costs milliseconds).
``peak_rss_delta_bytes``
    The peak resident memory during the cell above the memory at its start. On Linux the peak is
    reset before each cell (``/proc/self/clear_refs``), so ``ru_maxrss`` and ``VmHWM`` of the
    kernel then report the peak since the current cell began; elsewhere it is the growth of the
    process's lifetime peak (0 for a cell that stays below an earlier cell's peak).
``imported``
    Top-level modules whose first import happened in this execution.
``ok`` / ``error``
    Whether the cell raised, and ``"<exception name>: <message>"``.

Inside the cell's busy window the hooks only take readings (two ``getrusage`` calls and a clock at
each end, a write to reset the peak). Records are built and sent over a comm the probe opens
(target ``jupyterlab-optimiser``) once no cell has run for QUIET_S, from a timer on the kernel's
event loop: serialising and signing the message happens between requests, after the kernel has
reported idle. Nothing here writes to the user's namespace, history, outputs or exceptions; a
fault inside the probe is caught and reported to the panel as a ``fault`` message.
"""

import asyncio
import collections
import importlib.metadata
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time

COMM_TARGET = "jupyterlab-optimiser"
FACTS_VERSION = 1
QUIET_S = 0.02  # no cell for this long: the kernel has gone idle, records may go out
MAX_WAIT_S = 0.5  # back-to-back cells: send anyway after this long, one message for all
STUCK_S = 30.0  # a send still pending after this long is scheduled again
MAX_PENDING = 10_000
LIVE_CHILDREN_MIN_WALL_S = 0.05
MAX_ERROR_CHARS = 500
MAX_VARIABLES = 25

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
SCHEDULER_COMMANDS = (("slurm", "sbatch"), ("pbs", "pbsnodes"), ("lsf", "bsub"), ("sge", "qconf"))


# Machine facts: gathered at install and on request; never imports a heavy library.


def usable_cores():
    """Cores this process may run on (CPU affinity), not the machine's total."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _meminfo():
    try:
        with open("/proc/meminfo") as f:
            rows = (line.split() for line in f)
            return {row[0].rstrip(":"): int(row[1]) * 1024 for row in rows if len(row) >= 2}
    except (OSError, ValueError):
        return {}


def _cgroup_memory_limit():
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path) as f:
                text = f.read().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < 1 << 60:  # cgroup v1 writes a huge number for "none"
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
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.strip().splitlines():
        name, _, mib = line.rpartition(",")
        mib = mib.strip()
        found.append({"name": name.strip(), "memory_bytes": int(mib) * 1024 * 1024 if mib.isdigit() else None})
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
    facts = {
        "cores": usable_cores(),
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


def describe(value):
    """Size facts for one value, or None when its size is not cheap to know."""
    if isinstance(value, _SIZED_BUILTINS):
        return {"type": type(value).__name__, "len": len(value)}
    module = type(value).__module__.partition(".")[0]
    type_name = type(value).__name__
    if module == "numpy" and hasattr(value, "nbytes") and hasattr(value, "shape"):
        return {"type": type_name, "nbytes": int(value.nbytes), "shape": [int(n) for n in value.shape],
                "dtype": str(value.dtype)}
    if module == "pandas" and type_name == "DataFrame":
        return {"type": type_name, "nbytes": int(value.memory_usage(deep=False).sum()),
                "shape": [int(n) for n in value.shape]}
    if module == "pandas" and type_name in ("Series", "Index"):
        return {"type": type_name, "nbytes": int(value.memory_usage(deep=False)), "shape": [len(value)]}
    if module in ("dask", "cupy", "torch", "jax", "jaxlib") and hasattr(value, "nbytes") and hasattr(value, "shape"):
        return {"type": type_name, "nbytes": int(value.nbytes), "shape": [int(n) for n in value.shape]}
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
            rank = facts["nbytes"] if facts and "nbytes" in facts else sys.getsizeof(value)
        except Exception:  # a user type with a broken nbytes or shape: not ours to report
            continue
        if facts is not None:
            sized.append((rank, name, facts))
    sized.sort(key=lambda item: (-item[0], item[1]))
    return {name: facts for _, name, facts in sized[:MAX_VARIABLES]}


# Per-execution measurement. Both hooks run inside the user's execution, so they only take
# readings (a few system calls); the records are built later, outside the busy window.

_MAXRSS_BYTES = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in KiB on Linux


def readings(getrusage=resource.getrusage, clock=time.perf_counter, modules=sys.modules):
    """(wall, own CPU, peak RSS, children CPU, modules loaded) now: two getrusage calls, a clock.

    RUSAGE_SELF gives the process's CPU time (all threads) and its peak RSS in one call; right
    after the peak is reset, that peak is the current RSS, which spares reading /proc/self/statm.
    """
    own = getrusage(resource.RUSAGE_SELF)
    children = getrusage(resource.RUSAGE_CHILDREN)
    return (clock(), own.ru_utime + own.ru_stime, own.ru_maxrss,
            children.ru_utime + children.ru_stime, len(modules))


def build_record(start, end, new_modules, error):
    """The run record from the readings at the start and the end of an execution.

    With the peak reset at the start, the end's peak minus the start's is the execution's own
    peak above its starting RSS; without it, the growth of the process's lifetime peak."""
    record = {
        "wall_s": round(max(end[0] - start[0], 0.0), 6),
        "cpu_s": round(max(end[1] - start[1], 0.0), 6),
        "children_cpu_s": round(max(end[3] - start[3], 0.0), 6),
        "peak_rss_delta_bytes": max(end[2] - start[2], 0) * _MAXRSS_BYTES,
        # sys.modules keeps insertion order, so this execution's imports came last. A top-level
        # name counts only if it is itself among them: "scipy.linalg" under a loaded scipy is not
        # a first import of scipy.
        "imported": [name for name in new_modules if "." not in name and not name.startswith("_")],
        "ok": error is None,
    }
    if error is not None:
        record["error"] = error
    return record


def describe_error(error):
    return f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]


class PeakReset:
    """Resets the kernel's peak RSS through /proc/self/clear_refs (Linux 4.0+), kept open: writing
    it costs a few microseconds, where opening it for every execution costs tens."""

    def __init__(self):
        try:
            self.fd = os.open("/proc/self/clear_refs", os.O_WRONLY)
        except OSError:
            self.fd = None

    def __call__(self):
        if self.fd is not None:
            try:
                os.write(self.fd, b"5")
            except OSError:
                self.close()  # not allowed here: fall back to the lifetime peak

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class LiveChildren:
    """CPU time of the kernel's live descendants (pool workers), through psutil when installed."""

    def __init__(self):
        try:
            import psutil
        except ImportError:
            self.process = None
        else:
            self.process = psutil.Process()
        self.seen = self.cpu_by_pid()  # what children did before the probe came is no cell's

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


# Sending: records leave once the kernel is idle, batched.


class Sender:
    """Queues run records and hands them to `deliver` once no cell has run for QUIET_S.

    The kernel's own event loop does the waiting where one runs the cells (ipykernel's asyncio
    loop): a timer costs the hook a few microseconds, and its callback runs between requests, so
    serialising and signing the message stays out of every execution's busy -> idle window. Where
    no loop runs the cells, a thread waits instead (woken by the hook, which costs a little more).
    """

    def __init__(self, deliver):
        self.deliver = deliver
        # append and popleft are safe across threads; a sender that cannot send drops the oldest
        self.pending = collections.deque(maxlen=MAX_PENDING)
        self.in_cell = False
        self.last_end = 0.0
        self.first_queued = 0.0
        self.scheduled = False
        self.stopped = False
        self.wake = threading.Event()
        self.thread = None

    def cell_started(self):
        self.in_cell = True

    def queue(self, run):
        self.in_cell = False
        self.pending.append(run)
        self.last_end = time.perf_counter()
        # A timer that never fired (its loop stopped running the cells) is replaced, not waited on.
        if self.scheduled and self.last_end - self.first_queued < STUCK_S:
            return
        self.scheduled, self.first_queued = True, self.last_end
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.start_thread()
            self.wake.set()
        else:
            loop.call_later(QUIET_S, self.on_timer, loop)

    def quiet_for(self, now):
        """Seconds still to wait for quiet (0: send now). Back-to-back cells wait MAX_WAIT_S at most."""
        if now >= self.first_queued + MAX_WAIT_S:
            return 0.0
        wait = self.last_end + QUIET_S - now
        return max(wait, 0.0) if not self.in_cell else max(wait, 0.001)

    def on_timer(self, loop):
        if self.stopped:
            return
        wait = self.quiet_for(time.perf_counter())
        if wait > 0:
            loop.call_later(wait, self.on_timer, loop)
        else:
            self.flush()

    def start_thread(self):
        if self.thread is None:
            self.thread = threading.Thread(target=self.run_thread, name="jupyterlab-optimiser-probe", daemon=True)
            self.thread.start()

    def run_thread(self):
        while True:
            self.wake.wait()
            self.wake.clear()
            while not self.stopped and (wait := self.quiet_for(time.perf_counter())) > 0:
                time.sleep(wait)
            if self.stopped:
                return
            self.flush()

    def flush(self):
        self.scheduled = False
        runs = []
        while self.pending:
            runs.append(self.pending.popleft())
        if runs:
            self.deliver(runs)

    def stop(self):
        self.stopped = True
        self.wake.set()
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join(timeout=1)


# The probe: IPython hooks, a comm, machine facts on request.


class Probe:
    """Installed once per kernel; `uninstall` undoes everything `install` did."""

    def __init__(self, shell):
        self.shell = shell
        self.reset_peak = PeakReset()
        self.live_children = LiveChildren()
        self.gpus = gpus()  # a GPU does not come or go while a kernel runs: asked once
        self.current = None
        self.sender = Sender(self.deliver)
        self.comm = None

    def install(self):
        from comm import create_comm

        self.comm = create_comm(target_name=COMM_TARGET, data={"type": "hello", "facts": self.facts()})
        self.comm.on_msg(self.on_msg)
        self.shell.events.register("pre_run_cell", self.pre_run_cell)
        self.shell.events.register("post_run_cell", self.post_run_cell)

    def uninstall(self):
        for event, hook in (("pre_run_cell", self.pre_run_cell), ("post_run_cell", self.post_run_cell)):
            try:
                self.shell.events.unregister(event, hook)
            except ValueError:
                pass
        self.sender.stop()
        if self.comm is not None:
            self.comm.close()
            self.comm = None
        self.reset_peak.close()

    def facts(self):
        return {
            "version": FACTS_VERSION,
            "kernel": {"language": "python", "version": platform.python_version()},
            "machine": machine_facts(self.gpus),
            "libraries": library_versions(),
            "variables": variables(self.shell),
        }

    # Hooks, inside the user's execution: measure and queue; nothing else.

    def pre_run_cell(self, info):
        try:
            self.reset_peak()
            self.current = (getattr(info, "cell_id", None), readings())
            self.sender.cell_started()
        except Exception as error:  # never reaches the user's cell
            self.current = None
            self.fault("pre_run_cell", error)

    def post_run_cell(self, result):
        try:
            end = readings()
            current, self.current = self.current, None
            if current is None:
                return
            cell_id, start = current
            new_modules = list(sys.modules)[start[4]:end[4]] if end[4] > start[4] else ()
            if result is None:
                error, count = "KeyboardInterrupt: the execution was cancelled", None
            else:
                exc = result.error_before_exec or result.error_in_exec
                error, count = (None if exc is None else describe_error(exc)), result.execution_count
            self.sender.queue((cell_id, count, start, end, new_modules, error))
        except Exception as error:
            self.current = None
            self.fault("post_run_cell", error)

    # Messages, between executions.

    def deliver(self, queued):
        try:
            runs = [{"cell_id": cell_id, "execution_count": count, "record": build_record(start, end, modules, error)}
                    for cell_id, count, start, end, modules, error in queued]
            self.add_live_children(runs)
            self.send({"type": "runs", "runs": runs})
        except Exception as error:
            self.fault("send", error)

    def add_live_children(self, runs):
        # Pool workers that outlive a cell are idle by now, so what they did since the last look
        # is the cell's. Short cells that reaped no child skip the scan (milliseconds): their
        # workers' CPU, if any, goes to the next cell that is looked at.
        for run in runs:
            record = run["record"]
            if record["wall_s"] >= LIVE_CHILDREN_MIN_WALL_S or record["children_cpu_s"] > 0:
                record["children_cpu_s"] = round(self.live_children.settle(record["children_cpu_s"]), 6)

    def on_msg(self, msg):
        try:
            request = msg["content"]["data"]
            if request.get("type") == "facts-request":
                self.send({"type": "facts", "request_id": request.get("request_id"), "facts": self.facts()})
        except Exception as error:
            self.fault("facts-request", error)

    def fault(self, where, error):
        try:
            self.send({"type": "fault", "where": where,
                       "error": describe_error(error)})
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
