"""Where the program's own files (the icon) are: assets/ next to the chatgui package.

The same lookup works from a checkout, an editable install and the PyInstaller bundle, which
keeps each module's __file__ inside its unpacked folder and puts assets/ beside chatgui/
(build.spec). Imports nothing from chatgui.
"""

from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def asset_path(name: str) -> Path:
    """The path of assets/`name`; the file may be missing (a plain `pip install` has none)."""
    return ASSETS / name
