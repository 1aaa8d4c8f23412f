"""Server configuration for the Galata journeys: no token, port 8888 (or $GALATA_PORT), root
allowed, no index queries."""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 - `c` is the config object Jupyter passes in

c.ServerApp.port = int(os.environ.get("GALATA_PORT", "8888"))

c.ServerApp.allow_root = True
c.LabApp.extension_manager = "readonly"
