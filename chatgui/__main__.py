"""`python -m chatgui` and the PyInstaller entry script: hands over to chatgui.cli.main.

Imports only chatgui.cli.main, absolutely (a relative import breaks when PyInstaller runs this
file). In the one-file build the room's process (net/server_process.py) is this same program
started again: freeze_support() runs it and exits before anything else happens.
"""

import sys

if getattr(sys, "frozen", False):  # multiprocessing is imported only where it is needed
    import multiprocessing

    multiprocessing.freeze_support()

from chatgui.cli.main import main

raise SystemExit(main())
