"""`python -m chatgui` and the PyInstaller entry script: hands over to chatgui.cli.

Imports only chatgui.cli, absolutely (a relative import breaks when PyInstaller runs this file).
"""

from chatgui.cli import main

raise SystemExit(main())
