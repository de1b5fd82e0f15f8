"""A conversation saved as a file: plain UTF-8 text, or a small HTML page.

Pure functions from entries to text, and one that writes the file; no Tk, so the lesson on
files and encodings can read it alone. Every piece of someone's text goes through
html.escape in the HTML page: a message "<b>hi</b>" is shown, never obeyed.
"""

import html
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    """One line of a conversation as it was shown: `kind` "message", "action" or "notice"
    (a notice's sender is "" and its text starts with its symbol); `to_helpers` for a line
    only the host and helpers saw, so the saved file says so too; `role` is the badge the
    line was shown with ("host", "helper" or "")."""

    at: float
    sender: str
    text: str
    kind: str
    to_helpers: bool = False
    role: str = ""


TO_HELPERS = "(to the host and helpers only)"

MARKED, LEFT_OUT = "marked", "left out"
LEFT_OUT_NOTE = "Private questions to the host and helpers are left out of this copy."


def chosen_entries(entries: Sequence[Entry], choice: str, now: float) -> list[Entry]:
    """The entries to save: all of them (questions marked by export.py), or without the
    private questions and a line saying they were left out."""
    if choice == MARKED or not any(entry.to_helpers for entry in entries):
        return list(entries)
    note = Entry(now, "", f"\N{INFORMATION SOURCE} {LEFT_OUT_NOTE}", "notice")
    return [note, *(entry for entry in entries if not entry.to_helpers)]


def stamp(at: float, now: float) -> str:
    """ "12:41" for today, "24 Nov 12:41" for another day (local time)."""
    when, today = time.localtime(at), time.localtime(now)
    if when[:3] == today[:3]:
        return time.strftime("%H:%M", when)
    return time.strftime("%d %b %H:%M", when).lstrip("0")


def _who(entry: Entry) -> str:
    """ "Sam", "Ms_Rivera [host]", or "Sam (to the host and helpers only)"."""
    who = f"{entry.sender} [{entry.role}]" if entry.role else entry.sender
    return f"{who} {TO_HELPERS}" if entry.to_helpers else who


def _line(entry: Entry) -> str:
    if entry.kind == "action":
        return f"* {_who(entry)} {entry.text}"
    if entry.kind == "notice":
        return entry.text
    return f"{_who(entry)}: {entry.text}"


def _heading(room: str, now: float) -> str:
    return f"{room}, saved on {time.strftime('%A %d %B %Y at %H:%M', time.localtime(now))}"


def as_text(room: str, entries: Sequence[Entry], now: float) -> str:
    """The conversation as plain text: a heading, then "2026-11-24 12:41 Sam: text" lines."""
    lines = [_heading(room, now), ""]
    for entry in entries:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.at))
        lines.append(f"{when} {_line(entry)}")
    return "\n".join(lines) + "\n"


def as_html(room: str, entries: Sequence[Entry], now: float) -> str:
    """The conversation as an HTML page that any browser shows, names and times included."""
    rows = []
    for entry in entries:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.at))
        who = html.escape(entry.sender)
        if entry.role:
            who += f' <span class="badge">{entry.role}</span>'
        private = f' <span class="private">{TO_HELPERS}</span>' if entry.to_helpers else ""
        text = html.escape(entry.text)
        if entry.kind == "action":
            body = f"<i>* <b>{who}</b>{private} {text}</i>"
        elif entry.kind == "notice":
            body = f'<span class="notice">{text}</span>'
        else:
            body = f"<b>{who}{private}:</b> {text}"
        rows.append(f"<p><time>{when}</time> {body}</p>")
    heading = html.escape(_heading(room, now))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html><head><meta charset="utf-8">',
            f"<title>{html.escape(room)}</title>",
            "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}"
            "time{color:#666;margin-right:.5em}.notice{color:#5f4b8b;font-style:italic}"
            ".private{color:#666;font-style:italic}"
            ".badge{background:#0b5394;color:#fff;padding:0 .3em;font-size:smaller}"
            "p{margin:.2em 0;white-space:pre-wrap}</style>",
            f"</head><body><h1>{heading}</h1>",
            *rows,
            "</body></html>",
            "",
        ]
    )


def save(path: Path, room: str, entries: Sequence[Entry], now: float) -> None:
    """Write the conversation to `path`: HTML for .html/.htm, plain text otherwise.

    Raises OSError when the file can't be written; the caller says so in words.
    """
    is_html = path.suffix.lower() in (".html", ".htm")
    content = as_html(room, entries, now) if is_html else as_text(room, entries, now)
    path.write_text(content, encoding="utf-8", newline="\n")
