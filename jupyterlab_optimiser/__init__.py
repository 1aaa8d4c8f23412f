"""jupyterlab-optimiser: advice and rewrites for slow notebook cells."""

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - only when the package was never built
    import warnings

    warnings.warn("Importing 'jupyterlab_optimiser' outside a proper installation.")
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-optimiser"}]
