/**
 * The Python the gnu-parallel template cell defines: a plan that records the commands a loop would
 * start (with subprocess's own signatures), GNU Parallel running them all, and the finished runs
 * handed back to the loop as written, each answering as the subprocess function it replaces.
 */
export const PARALLEL_HELPERS = String.raw`import copy
import errno
import io
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

if shutil.which("parallel") is None:
    raise RuntimeError(
        "GNU Parallel is not installed. Install it with 'sudo apt-get install parallel' (Debian/Ubuntu), "
        "'sudo dnf install parallel' (Fedora), 'brew install parallel' (macOS) or "
        "'conda install -c conda-forge parallel', then run this cell again."
    )


def command_words(args, options):
    """The words one command runs, as subprocess would: the shell for shell=True, env for env=."""
    if options.get("shell"):
        words = ["/bin/sh", "-c", args] if isinstance(args, (str, bytes)) else ["/bin/sh", "-c", *args]
    else:
        words = [args] if isinstance(args, (str, bytes, os.PathLike)) else list(args)
    words = [os.fsdecode(word) for word in words]  # a TypeError for what subprocess refuses too
    if options.get("env") is not None:
        words = ["env", "-i", *(f"{key}={value}" for key, value in options["env"].items()), *words]
    return words


def job_script(args, options, input_path):
    """A sh script that runs one planned command in its cwd, with its input (or none) on stdin."""
    lines = ["#!/bin/sh"]
    if options.get("cwd") is not None:
        lines.append("cd " + shlex.quote(os.fsdecode(options["cwd"])) + " || exit 127")
    data = options.get("input")
    if data is not None:
        text = isinstance(data, str)
        input_path.write_bytes(data.encode(options.get("encoding") or "utf-8") if text else data)
    stdin = shlex.quote(str(input_path)) if data is not None else "/dev/null"
    lines.append("exec " + shlex.join(command_words(args, options)) + " < " + stdin)
    return "\n".join(lines) + "\n"


def run_with_parallel(commands, n_jobs):
    """Runs the planned commands with GNU Parallel, n_jobs at a time: (exit code, stdout bytes,
    stderr bytes) per command, in the planned order."""
    if not commands:
        return []
    work = Path(tempfile.mkdtemp(prefix="optimiser-parallel-"))
    try:
        for seq, (args, options) in enumerate(commands, 1):
            (work / f"{seq}.sh").write_text(job_script(args, options, work / f"{seq}.in"))
        # Job numbers in a file, not on the command line: that has a length limit.
        (work / "jobs.txt").write_text("".join(f"{seq}\n" for seq in range(1, len(commands) + 1)))
        folder = shlex.quote(str(work))
        ran = subprocess.run(
            ["parallel", "-j", str(n_jobs), "--joblog", str(work / "jobs.log"), "--arg-file", str(work / "jobs.txt"),
             f"exec sh {folder}/{{}}.sh > {folder}/{{}}.out 2> {folder}/{{}}.err"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
        )
        codes = {}
        log = work / "jobs.log"
        for line in log.read_text().splitlines()[1:] if log.exists() else []:
            fields = line.split("\t")  # Seq Host Starttime JobRuntime Send Receive Exitval Signal Command
            seq, exit_code, signal = int(fields[0]), int(fields[6]), int(fields[7])
            codes[seq] = -signal if signal else exit_code  # a signal as subprocess reports one
        if len(codes) < len(commands):
            raise RuntimeError("GNU Parallel did not run every job: " + (ran.stderr.strip() or "no message")[-500:])
        return [(codes[seq], (work / f"{seq}.out").read_bytes(), (work / f"{seq}.err").read_bytes())
                for seq in range(1, len(commands) + 1)]
    finally:
        shutil.rmtree(work, ignore_errors=True)


class ParallelPlan:
    """Records the commands the loop would start (subprocess.run, call, check_call, check_output,
    os.system: the same arguments) instead of starting them; run_all runs them with GNU Parallel."""

    def __init__(self):
        self.commands = []

    def copy_of(self, items):
        """The items for the planning loop: its own copy, so that a loop that changes its items
        (adds arguments to a list) changes them once, in the loop that runs."""
        try:
            return copy.deepcopy(items)
        except Exception:
            return items

    def run(self, args, **options):
        program = command_words(args, {**options, "env": None})[0]
        path = (options.get("env") or os.environ).get("PATH")
        if not options.get("shell") and options.get("cwd") is None and shutil.which(program, path=path) is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", program)  # as subprocess would
        self.commands.append((args, options))

    call = check_call = check_output = run

    def system(self, command):
        self.commands.append((command, {"shell": True}))

    def run_all(self, n_jobs):
        return FinishedRuns(self.commands, run_with_parallel(self.commands, n_jobs))


def deliver(data, where, fd):
    """What subprocess hands back for one stream (the bytes for PIPE, else None), after writing
    them where the program would have: the kernel's own output, a file, nowhere."""
    if where == subprocess.PIPE:
        return data
    if where != subprocess.DEVNULL and data:
        if where is not None and not isinstance(where, int):
            where.flush()
            where = where.fileno()
        os.write(fd if where is None else where, data)
    return None


def decoded(data, options):
    if data is None or not (options.get("text") or options.get("universal_newlines") or options.get("encoding") or options.get("errors")):
        return data
    return io.TextIOWrapper(io.BytesIO(data), encoding=options.get("encoding"), errors=options.get("errors")).read()


class FinishedRuns:
    """The finished runs, handed back in the planned order to the loop as written: each method
    answers as the subprocess function of that name would have (output, exit code, errors)."""

    def __init__(self, commands, results):
        self.pending = list(zip(commands, results))
        self.taken = 0

    def take(self, args, options):
        if self.taken >= len(self.pending):
            raise RuntimeError("the loop started more programs than it planned; run the original cell instead")
        (planned, planned_options), result = self.pending[self.taken]
        if command_words(args, options) != command_words(planned, planned_options):
            raise RuntimeError("the loop's command changed between planning and running: %r, then %r" % (planned, args))
        self.taken += 1
        return result

    def run(self, args, check=False, **options):
        code, out, err = self.take(args, options)
        stdout, stderr = options.get("stdout"), options.get("stderr")
        if options.get("capture_output"):
            stdout = stderr = subprocess.PIPE
        if stderr == subprocess.STDOUT:
            out, err, stderr = out + err, b"", subprocess.DEVNULL
        done = subprocess.CompletedProcess(
            args, code, decoded(deliver(out, stdout, 1), options), decoded(deliver(err, stderr, 2), options)
        )
        if check:
            done.check_returncode()
        return done

    def call(self, args, **options):
        return self.run(args, **options).returncode

    def check_call(self, args, **options):
        return self.run(args, check=True, **options).returncode

    def check_output(self, args, **options):
        return self.run(args, check=True, **{"stdout": subprocess.PIPE, **options}).stdout

    def system(self, command):
        code = self.run(command, shell=True).returncode
        return -code if code < 0 else code << 8  # a wait status, as os.system returns`;
