"""Effective cores (issue 11): the smallest of CPU affinity, the cgroup CPU quota and the batch
allocation, with its source named. Cgroup layouts come from fixture roots; the batch allocation
is read in a real kernel started with a scheduler's environment."""

import importlib.util
import math
import os

import pytest

from conftest import REPO, _running_kernel
from probe_support import install

_spec = importlib.util.spec_from_file_location("probe_cores", REPO / "src" / "kernel" / "probe.py")
probe = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(probe)

FIXTURES = REPO / "tests" / "fixtures" / "probe"


@pytest.mark.parametrize(
    ("root", "cpus"),
    [
        ("cgroup2-pod", 4.0),  # a 4-CPU pod on a big host
        ("cgroup2-nested", 1.5),  # the parent's quota binds the unlimited children
        ("cgroup1-container", 2.0),  # v1, the container's cgroup mounted as the hierarchy root
        ("cgroup1-unlimited", None),
        ("nonexistent", None),
    ],
)
def test_cgroup_quota_from_fixture_roots(root, cpus):
    assert probe.cgroup_cpus(str(FIXTURES / root)) == cpus


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"SLURM_CPUS_ON_NODE": "8", "SLURM_CPUS_PER_TASK": "3"}, ("slurm", 3)),
        ({"SLURM_CPUS_ON_NODE": "8"}, ("slurm", 8)),
        ({"PBS_NP": "6"}, ("pbs", 6)),
        ({"LSB_DJOB_NUMPROC": "5"}, ("lsf", 5)),
        ({"SLURM_CPUS_PER_TASK": "", "PBS_NP": "zero"}, None),
        ({}, None),
    ],
)
def test_batch_allocation_from_environment(environ, expected):
    assert probe.batch_cpus(environ) == expected


def test_the_smallest_limit_wins_and_is_named():
    affinity = probe.affinity_cores()
    cores, source, limits = probe.effective_cores(str(FIXTURES / "cgroup2-nested"), {})
    assert (cores, source) == ((2, "cgroup") if affinity >= 2 else (1, "affinity"))
    assert limits == {"affinity": affinity, "cgroup": 1.5}
    cores, source, limits = probe.effective_cores(str(FIXTURES / "cgroup2-pod"), {"SLURM_CPUS_PER_TASK": "1"})
    assert (cores, source) == (1, "slurm") and limits["cgroup"] == 4.0
    # A tie names the more specific source: the allocation that set the affinity.
    assert probe.effective_cores("/nonexistent", {"PBS_NP": str(affinity)})[:2] == (affinity, "pbs")
    assert probe.effective_cores("/nonexistent", {})[:2] == (affinity, "affinity")


def _hello_machine(env):
    kernel_env = dict(os.environ, **env)
    for k in [k for k in kernel_env if k.startswith(("SLURM_", "PBS_", "LSB_"))]:
        if k not in env:
            del kernel_env[k]
    running = _running_kernel(kernel_env)
    kernel = next(running)
    try:
        return install(kernel)["data"]["facts"]["machine"]
    finally:
        running.close()


def test_kernel_in_a_slurm_job_reports_its_allocation():
    machine = _hello_machine({"SLURM_JOB_ID": "42", "SLURM_CPUS_ON_NODE": "4", "SLURM_CPUS_PER_TASK": "1"})
    assert machine["cores"] == 1
    assert machine["cores_source"] == "slurm"
    assert machine["cores_limits"]["slurm"] == 1
    assert machine["cores_limits"]["affinity"] == len(os.sched_getaffinity(0))
    assert machine["scheduler"] == "slurm"


def test_kernel_without_limits_reports_its_affinity():
    machine = _hello_machine({})
    limits = machine["cores_limits"]
    assert set(limits) <= {"affinity", "cgroup"} and limits["affinity"] == len(os.sched_getaffinity(0))
    assert machine["cores"] == min(max(1, math.ceil(v)) for v in limits.values())
