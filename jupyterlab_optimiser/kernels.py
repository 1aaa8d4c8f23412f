"""Choosing the kernel `measure` starts: the one named, else the notebook's, else python3; it
must exist and run Python."""

from __future__ import annotations

import sys

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from .errors import InputError
from .notebook import is_python

DEFAULT_KERNEL = "python3"


def choose_kernel(requested: str | None, notebook_kernel: str | None) -> str:
    specs = KernelSpecManager()
    if requested is not None:
        name = requested
    elif notebook_kernel is not None and _exists(specs, notebook_kernel):
        name = notebook_kernel
    else:
        if notebook_kernel is not None and notebook_kernel != DEFAULT_KERNEL:
            print(
                f"jupyter-optimiser: the notebook's kernel '{notebook_kernel}' is not installed here; "
                f"using '{DEFAULT_KERNEL}' (choose one with --kernel)",
                file=sys.stderr,
            )
        name = DEFAULT_KERNEL
    try:
        spec = specs.get_kernel_spec(name)
    except NoSuchKernel:
        installed = ", ".join(sorted(specs.find_kernel_specs())) or "none"
        raise InputError(f"there is no kernel named '{name}' (installed: {installed})") from None
    if not is_python(spec.language):
        raise InputError(
            f"the kernel '{name}' runs {spec.language or 'an unknown language'}; only Python kernels can be measured"
        )
    return name


def _exists(specs: KernelSpecManager, name: str) -> bool:
    try:
        specs.get_kernel_spec(name)
    except NoSuchKernel:
        return False
    return True
