"""Benchmarks: `python -m bench.server` runs chatgui's room next to other chat servers.

Every benchmark (and every chatgui it starts, which inherits the environment) keeps room
discovery on this machine: no announcement or broadcast leaves it (docs/discovery.md).
"""

import os

if not os.environ.get("CHATGUI_DISCOVERY_INTERFACES", "").strip():
    os.environ["CHATGUI_DISCOVERY_INTERFACES"] = "127.0.0.1"
