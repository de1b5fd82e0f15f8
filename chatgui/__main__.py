"""`python -m chatgui` and the PyInstaller entry script: hands over to chatgui.cli.main.

Imports only chatgui.cli.main, absolutely (a relative import breaks when PyInstaller runs this
file).
"""

from chatgui.cli.main import main

raise SystemExit(main())
