"""The command line: no arguments opens the chat window; `serve` hosts a room headless
(serve.py, its settings from the options in serve_config.py).

May import chatgui.ui, chatgui.net.server, chatgui.discovery (its public API), chatgui.events,
chatgui.protocol.names and chatgui.limits. The cli package is the only one allowed to print.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from chatgui.cli.options import build_parser
from chatgui.cli.serve import serve
from chatgui.paths import data_dir, private_file, private_folder

LOG_FORMAT = "%(asctime)s [%(threadName)s] %(levelname)s %(name)s: %(message)s"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        _start_logging(to_file=False)
        return serve(args)
    return run_window(args.name, args.join, args.host, args.host_key)


def run_window(
    name: str = "", join: str | None = None, host: str | None = None, host_key: str = ""
) -> int:
    """The chat window. Logs go to a file, and to stderr when there is one."""
    log_file = _start_logging(to_file=True)
    threading.excepthook = _log_thread_error
    # Imported here, not at the top: `serve` must run on machines without Tk.
    from chatgui.ui.window import open_window

    logging.getLogger(__name__).info("opening the window; log file %s", log_file)
    problem = open_window(name, join, host, host_key)
    if problem is not None:
        if sys.stderr is not None:
            print(f"chatgui: {problem}.", file=sys.stderr)
        return 1
    return 0


def _start_logging(to_file: bool) -> Path:
    """Log to stderr, and to the log file in the user's data folder when `to_file` is set.

    A windowed build on Windows or macOS has no stderr (sys.stderr is None, and so is
    sys.stdout): then the log file is used in any case, and nothing is ever written to None.
    """
    folder = data_dir()
    log_file = folder / "chatgui.log"
    handlers: list[logging.Handler] = []
    if to_file or sys.stderr is None:
        try:
            private_folder(folder)
            private_file(log_file)  # it names the people and rooms: the host's user only
            handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
        except OSError:
            pass  # no writable data folder: chatgui still works, without a log file
    if sys.stderr is not None:
        handlers.append(logging.StreamHandler(sys.stderr))
    if not handlers:
        handlers.append(logging.NullHandler())  # else logging's last resort writes to stderr
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, handlers=handlers, force=True)
    return log_file


def _log_thread_error(args: threading.ExceptHookArgs) -> None:
    name = args.thread.name if args.thread else "?"
    logging.getLogger(__name__).error("error in thread %s", name, exc_info=args.exc_value)
