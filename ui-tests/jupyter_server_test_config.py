"""Server configuration for the Galata journeys: no token, port 8888, root allowed, no index queries."""

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 - `c` is the config object Jupyter passes in

c.ServerApp.allow_root = True
c.LabApp.extension_manager = "readonly"
