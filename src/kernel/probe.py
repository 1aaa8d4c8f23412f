# jupyterlab-optimiser kernel probe.
#
# Measures every cell execution of an IPython kernel and describes the machine, for the
# Optimiser panel. The front end installs it with one silent request that executes this file's
# text inside a private module, `_jlab_optimiser_probe` in sys.modules (see `install_code` in
# src/kernel/install.ts):
#
#     __import__("sys").modules.setdefault("_jlab_optimiser_probe",
#         __import__("types").ModuleType("_jlab_optimiser_probe"))
#     exec(compile(SOURCE, "jupyterlab_optimiser_probe.py", "exec"),
#          __import__("sys").modules["_jlab_optimiser_probe"].__dict__)
#
# so that no name lands in the user's namespace. Executing it again replaces the previous
# installation (hooks, comm, sender thread): there is never more than one record per execution.
#
# What is measured, per execution (keyed by JupyterLab's cell id, `info.cell_id`):
#   wall_s               time.perf_counter() around the cell
#   cpu_s                time.process_time(): CPU of every thread of the kernel process
#   children_cpu_s       CPU of child processes during the cell: children the kernel waited for
#                        (resource.getrusage(RUSAGE_CHILDREN): subprocess.run, joined pools) plus,
#                        when psutil is installed, children still alive afterwards (pool workers
#                        such as pathos keeps), as the growth of their CPU since the last look.
#                        Without psutil only waited-for children count. Live children are looked
#                        at by the sender thread after executions of 50 ms or more (they are idle
#                        by then), which keeps the milliseconds of that scan out of the cell.
#   peak_rss_delta_bytes the peak resident memory during the cell above the memory at its start
#                        (Linux: the peak is reset through /proc/self/clear_refs before the cell;
#                        elsewhere, growth of the process's lifetime peak)
#   imported             top-level modules first imported by this execution
#   ok / error           whether the cell raised, and "<exception name>: <message>"
#
# Records go to the front end over a comm (target "jupyterlab-optimiser"), batched by a
# background thread a few milliseconds after the execution ends, between executions, so that
# serialising and signing the message stays outside the kernel's busy window.
# Nothing here writes to the user's namespace, history, outputs or exceptions; a fault inside the
# probe is caught and reported to the panel as a "fault" message.

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
SEND_DELAY_S = 0.003  # lets the execute reply and idle status go out before the records
GAP_WAIT_S = 0.1  # how long the sender waits for a moment between executions
LIVE_CHILDREN_MIN_WALL_S = 0.05
MAX_ERROR_CHARS = 500
MAX_VARIABLES = 25

# Distribution names whose versions the advice needs: key -> candidate distributions.
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


# ---------------------------------------------------------------------------------------------
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
    except OSError:
        return {}


def _cgroup_memory_limit():
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path) as f:
                text = f.read().strip()
            if text.isdigit() and int(text) < 1 << 60:
                return int(text)
        except OSError:
            continue
    return None


def memory():
    """(total, available) bytes, honouring a cgroup limit; None where unknown."""
    info = _meminfo()
    total = info.get("MemTotal")
    available = info.get("MemAvailable")
    if total is None:
        try:
            total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            total = None
    limit = _cgroup_memory_limit()
    if limit is not None and (total is None or limit < total):
        total = limit
        if available is not None:
            available = min(available, limit)
    return total, available


def gpus():
    """NVIDIA GPUs from nvidia-smi, when it is present."""
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
    """The batch scheduler this kernel runs under or can submit to, from env vars, then commands."""
    environ = os.environ if environ is None else environ
    for name, variables in SCHEDULER_ENV:
        if any(v in environ for v in variables):
            return name
    for name, command in SCHEDULER_COMMANDS:
        if shutil.which(command):
            return name
    return None


def library_versions():
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
    """BLAS threads, only when threadpoolctl is already loaded (importing it loads BLAS)."""
    threadpoolctl = sys.modules.get("threadpoolctl")
    if threadpoolctl is None:
        return None
    pools = [p for p in threadpoolctl.threadpool_info() if p.get("user_api") == "blas"]
    return max((p.get("num_threads", 0) for p in pools), default=None)


def machine_facts():
    total, available = memory()
    facts = {
        "cores": usable_cores(),
        "memory_bytes": total,
        "memory_available_bytes": available,
        "gpus": gpus(),
        "scheduler": scheduler(),
    }
    threads = blas_threads()
    if threads is not None:
        facts["blas_threads"] = threads
    return facts


# ---------------------------------------------------------------------------------------------
# User variables whose size is cheap to read. Only types from modules already loaded are checked.

_SIZED_BUILTINS = (list, tuple, dict, set, frozenset, str, bytes, bytearray)
_HIDDEN = {"In", "Out", "exit", "quit", "get_ipython"}


def describe(value):
    """Size facts for one value, or None when its size is not cheap to know."""
    module = type(value).__module__.partition(".")[0]
    type_name = type(value).__name__
    if isinstance(value, _SIZED_BUILTINS):
        return {"type": type_name, "len": len(value)}
    if module == "numpy" and hasattr(value, "nbytes") and hasattr(value, "shape"):
        return {"type": type_name, "nbytes": int(value.nbytes), "shape": [int(n) for n in value.shape],
                "dtype": str(getattr(value, "dtype", ""))}
    if module == "pandas" and type_name == "DataFrame":
        return {"type": type_name, "nbytes": int(value.memory_usage(deep=False).sum()),
                "shape": [int(n) for n in value.shape]}
    if module == "pandas" and type_name in ("Series", "Index"):
        return {"type": type_name, "nbytes": int(value.memory_usage(deep=False)), "shape": [len(value)]}
    if module in ("dask", "cupy", "torch", "jax", "jaxlib") and hasattr(value, "nbytes") and hasattr(value, "shape"):
        shape = [int(n) if isinstance(n, int) else -1 for n in value.shape]
        return {"type": type_name, "nbytes": int(value.nbytes), "shape": shape}
    return None


def variables(namespace):
    """The largest sized user variables (public names only), largest first."""
    sized = []
    for name, value in list(namespace.items()):
        if name.startswith("_") or name in _HIDDEN:
            continue
        try:
            facts = describe(value)
        except Exception:  # a user type with a broken __len__ or nbytes: not ours to report
            continue
        if facts is not None:
            sized.append((facts.get("nbytes", facts.get("len", 0)), name, facts))
    sized.sort(key=lambda item: (-item[0], item[1]))
    return {name: facts for _, name, facts in sized[:MAX_VARIABLES]}


# ---------------------------------------------------------------------------------------------
# Per-execution measurement. Both hooks run inside the user's execution: keep them cheap.


try:
    _PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
except (ValueError, OSError, AttributeError):
    _PAGE_SIZE = 4096


class _ProcFile:
    """A /proc file kept open: re-reading or writing at offset 0 costs a few microseconds,
    where opening it for every execution costs tens."""

    def __init__(self, path, mode):
        try:
            self.fd = os.open(path, mode)
        except OSError:
            self.fd = None

    def read(self):
        return os.pread(self.fd, 128, 0) if self.fd is not None else None

    def write(self, data):
        if self.fd is None:
            return False
        try:
            os.write(self.fd, data)
            return True
        except OSError:
            return False


_STATM = _ProcFile("/proc/self/statm", os.O_RDONLY)
_CLEAR_REFS = _ProcFile("/proc/self/clear_refs", os.O_WRONLY)


def _rss_bytes():
    text = _STATM.read()
    return int(text.split()[1]) * _PAGE_SIZE if text else None


def _reset_peak_rss():
    return _CLEAR_REFS.write(b"5")


def _children_rusage_s():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _maxrss_bytes():
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


class LiveChildren:
    """CPU growth of the kernel's live child processes (pool workers), through psutil."""

    def __init__(self):
        try:
            import psutil
        except ImportError:
            self._process = None
        else:
            self._process = psutil.Process()
        self._seen = {}
        self.cpu_growth_s()  # what children did before the probe came is not any cell's

    def cpu_growth_s(self):
        if self._process is None:
            return 0.0
        growth, seen = 0.0, {}
        for child in self._process.children(recursive=True):
            try:
                times = child.cpu_times()
            except Exception:  # the child ended while we looked
                continue
            total = times.user + times.system
            seen[child.pid] = total
            growth += total - self._seen.get(child.pid, 0.0)
        self._seen = seen
        return max(growth, 0.0)


class Measurement:
    """One execution's start state; `finish` turns it into a record."""

    __slots__ = ("wall", "cpu", "children", "rss", "peak_reset", "maxrss", "modules")

    def __init__(self):
        self.rss = _rss_bytes()
        self.peak_reset = _reset_peak_rss()
        self.maxrss = None if self.peak_reset else _maxrss_bytes()
        self.modules = len(sys.modules)
        self.children = _children_rusage_s()
        self.cpu = time.process_time()
        self.wall = time.perf_counter()

    def finish(self, error=None):
        wall = time.perf_counter() - self.wall
        cpu = time.process_time() - self.cpu
        children = _children_rusage_s() - self.children
        record = {
            "wall_s": round(wall, 6),
            "cpu_s": round(cpu, 6),
            "children_cpu_s": round(children, 6),
            "peak_rss_delta_bytes": self._peak_delta(),
            "imported": self._imported(),
            "ok": error is None,
        }
        if error is not None:
            message = f"{type(error).__name__}: {error}"
            record["error"] = message[:MAX_ERROR_CHARS]
        return record

    def _peak_delta(self):
        peak = _maxrss_bytes()
        if self.peak_reset and self.rss is not None:
            return max(peak - self.rss, 0)
        return max(peak - (self.maxrss or peak), 0)

    def _imported(self):
        if len(sys.modules) == self.modules:
            return []
        # sys.modules keeps insertion order: what this execution imported comes last.
        names = list(sys.modules)[self.modules:]
        tops = dict.fromkeys(n.partition(".")[0] for n in names)
        return [n for n in tops if not n.startswith("_")]


# ---------------------------------------------------------------------------------------------
# The probe: IPython hooks, a comm, and a sender thread that batches records.


class Probe:
    """Installed once per kernel; `uninstall` undoes everything `install` did."""

    def __init__(self, shell):
        self.shell = shell
        self.live_children = LiveChildren()
        self.current = None
        self.pending = collections.deque()
        self.wake = threading.Event()
        self.stopped = False
        self.comm = None
        self.thread = threading.Thread(target=self._send_loop, name="jupyterlab-optimiser-probe", daemon=True)

    # -- lifecycle

    def install(self):
        from comm import create_comm

        self.shell.events.register("pre_run_cell", self.pre_run_cell)
        self.shell.events.register("post_run_cell", self.post_run_cell)
        self.comm = create_comm(target_name=COMM_TARGET, data=self.hello())
        self.comm.on_msg(self.on_msg)
        self.thread.start()

    def uninstall(self):
        for event, hook in (("pre_run_cell", self.pre_run_cell), ("post_run_cell", self.post_run_cell)):
            try:
                self.shell.events.unregister(event, hook)
            except ValueError:
                pass
        self.stopped = True
        self.wake.set()
        if self.comm is not None:
            self.comm.close()

    def hello(self):
        return {
            "type": "hello",
            "facts": self.facts(),
        }

    def facts(self):
        return {
            "version": FACTS_VERSION,
            "kernel": {"language": "python", "version": platform.python_version()},
            "machine": machine_facts(),
            "libraries": library_versions(),
            "variables": variables(self.shell.user_ns),
        }

    # -- hooks (inside the user's execution)

    def pre_run_cell(self, info):
        try:
            self.current = (getattr(info, "cell_id", None), Measurement())
        except Exception as error:  # never reaches the user's cell
            self.current = None
            self.fault("pre_run_cell", error)

    def post_run_cell(self, result):
        current, self.current = self.current, None
        if current is None:
            return
        try:
            cell_id, measurement = current
            record = measurement.finish(result.error_before_exec or result.error_in_exec)
            run = {"cell_id": cell_id, "execution_count": result.execution_count, "record": record}
            self.pending.append(run)
            self.wake.set()
        except Exception as error:
            self.fault("post_run_cell", error)

    # -- messages

    def on_msg(self, msg):
        try:
            request = msg["content"]["data"]
            if request.get("type") == "facts-request":
                self.send({"type": "facts", "request_id": request.get("request_id"), "facts": self.facts()})
        except Exception as error:
            self.fault("facts-request", error)

    def fault(self, where, error):
        try:
            self.send({"type": "fault", "where": where, "error": f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]})
        except Exception:
            pass  # with no comm left there is nobody to tell

    def send(self, data):
        if self.comm is not None and not self.stopped:
            self.comm.send(data)

    def _send_loop(self):
        """Sends pending records between executions, so the work stays out of busy windows."""
        while True:
            self.wake.wait()
            if self.stopped:
                return
            self.wake.clear()
            time.sleep(SEND_DELAY_S)
            deadline = time.monotonic() + GAP_WAIT_S
            while self.current is not None and time.monotonic() < deadline:
                time.sleep(SEND_DELAY_S)
            runs = []
            while self.pending:
                runs.append(self.pending.popleft())
            try:
                self._add_live_children(runs)
                if runs:
                    self.send({"type": "runs", "runs": runs})
            except Exception as error:
                self.fault("send", error)

    def _add_live_children(self, runs):
        # Pool workers that outlive the cell are idle by now, so their CPU growth since the last
        # look is the cell's; scanning them (milliseconds) here keeps it out of the cell.
        long_runs = [r for r in runs if r["record"]["wall_s"] >= LIVE_CHILDREN_MIN_WALL_S]
        growth = self.live_children.cpu_growth_s() if long_runs else 0.0
        if long_runs:
            record = long_runs[-1]["record"]
            record["children_cpu_s"] = round(record["children_cpu_s"] + growth, 6)


def install():
    """Installs the probe into the running IPython, replacing an earlier installation."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("the jupyterlab-optimiser probe needs an IPython kernel")
    previous = globals().get("probe")
    if previous is not None:
        previous.uninstall()
    new = Probe(shell)
    new.install()
    globals()["probe"] = new
    return new


if __name__ == "_jlab_optimiser_probe":
    install()
