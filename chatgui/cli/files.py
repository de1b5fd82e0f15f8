"""Reading `serve`'s files: passwords kept out of `ps`, operators, the word filter.

Each reader returns what the file says or raises ValueError with a sentence saying why it
can't be used; `serve` (main.py) prints it. No printing here.
"""

import os
from pathlib import Path


def secret(given: str | None, path: Path | None, variable: str, what: str) -> str | None:
    """A password from the command line, else the first line of its file, else the
    environment variable `variable`; None when none of them is given."""
    if given is not None:
        return given
    if path is None:
        return os.environ.get(variable) or None
    lines = _read_lines(path, f"the {what} file")
    if not lines or not lines[0]:
        raise ValueError(f"the {what} file {path} is empty: put the {what} on its first line")
    return lines[0]


def opers(entries: list[str], path: Path | None) -> tuple[tuple[str, str], ...]:
    """--oper NAME:PASSWORD entries, then those of --oper-file (blank lines, # comments skipped)."""
    if path is not None:
        entries = entries + _entries(_read_lines(path, "the operators file"))
    opers = []
    for entry in entries:
        name, colon, password = entry.partition(":")
        if not (name and colon and password):
            raise ValueError("each operator needs NAME:PASSWORD (one entry was not)")
        opers.append((name, password))
    return tuple(opers)


def _read_lines(path: Path, what: str) -> list[str]:
    """The lines of a UTF-8 text file, or ValueError saying in words why it can't be read."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise ValueError(f"{what} {path} is not UTF-8 text") from error
    except OSError as error:
        why = (error.strerror or "it can't be opened").lower()
        raise ValueError(f"{what} {path} can't be read: {why}") from error


def filter_words(path: Path | None) -> tuple[str, ...]:
    """The words of a --filter-file: one a line; blank lines and # comments skipped."""
    if path is None:
        return ()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"the word filter file {path} can't be read: {error}") from error
    return tuple(_entries(lines))


def _entries(lines: list[str]) -> list[str]:
    """The lines of a list file that say something: stripped, blank lines and # comments
    skipped, so the host can lay the file out as they like."""
    stripped = (line.strip() for line in lines)
    return [line for line in stripped if line and not line.startswith("#")]
