"""The window's themes (ttk "clam" with our own palettes, chatgui/ui/theme.py) next to the
libraries we could have used instead: sv-ttk and ttkbootstrap.

    python -m bench.themes                    # ours, and the others in a temporary venv
    python -m bench.themes --others none      # ours only (no package index needed)
    python -m bench.themes --others /path/to/python   # the others from a Python that has them

What it measures, each theme in a fresh process (a benchmark: it prints, asserts nothing):

- load: from a window of 120 widgets (buttons, entries, check boxes, radio buttons, lists,
  a treeview, a notebook, text, scrollbars) shown in Tk's default look, to the same window
  drawn in the theme: the theme's import and set-up, and the redraw.
- redraw: the average time of one resize of that window (800x600 and 900x700 in turn, 40
  times), until Tk has drawn it again.
- HiDPI: a check box's height at `tk scaling` 1.33 (100 %) and 2.67 (200 %); twice as tall is
  what a 200 % screen needs.
- installed: the package's files on disk with what it requires (Pillow for ttkbootstrap),
  uncompressed; a one-file build packs them smaller.

Every figure is the median of --runs runs. Without DISPLAY it starts its own Xvfb. Results:
bench/results/themes-<date>-<time>.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tkinter as tk
from pathlib import Path
from tkinter import ttk

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
RESIZES = 40
CHILD_TIMEOUT_S = 120
OTHERS = ("sv-ttk", "ttkbootstrap")
THEMES = {
    "clam (no palette)": ("clam", ""),
    "ours: light": ("ours", "light"),
    "ours: dark": ("ours", "dark"),
    "ours: high contrast": ("ours", "high contrast"),
    "sv-ttk light": ("sv_ttk", "light"),
    "sv-ttk dark": ("sv_ttk", "dark"),
    "ttkbootstrap flatly": ("ttkbootstrap", "flatly"),
    "ttkbootstrap darkly": ("ttkbootstrap", "darkly"),
}


# --- in the child: one theme, one fresh Tk ---


def scene(root: tk.Tk) -> ttk.Checkbutton:
    """About 120 widgets of every kind the window uses; returns a check box to measure."""
    notebook = ttk.Notebook(root)
    notebook.pack(fill="both", expand=True)
    for page_number in range(2):
        page = ttk.Frame(notebook, padding=8)
        notebook.add(page, text=f"Page {page_number}")
        for row in range(6):
            ttk.Label(page, text=f"Label {row}").grid(row=row, column=0, sticky="w")
            ttk.Entry(page).grid(row=row, column=1, sticky="we")
            ttk.Button(page, text="Button").grid(row=row, column=2)
            ttk.Checkbutton(page, text="Keep private messages").grid(row=row, column=3)
            ttk.Radiobutton(page, text="By name", value=row).grid(row=row, column=4)
            ttk.Combobox(page, values=("a", "b")).grid(row=row, column=5)
        tree = ttk.Treeview(page, height=4)
        for item in range(20):
            tree.insert("", "end", text=f"Row {item}")
        tree.grid(row=7, column=0, columnspan=3, sticky="nsew")
        listbox = tk.Listbox(page, height=4)
        listbox.insert("end", *(f"Room {n}" for n in range(20)))
        listbox.grid(row=7, column=3, columnspan=2, sticky="nsew")
        text = tk.Text(page, height=4, width=20)
        text.insert("end", "A line of the conversation\n" * 20)
        text.grid(row=7, column=5, sticky="nsew")
        ttk.Scrollbar(page, command=text.yview).grid(row=7, column=6, sticky="ns")
        page.grid_columnconfigure(1, weight=1)
    box = ttk.Checkbutton(root, text="Measured")
    box.pack()
    return box


def load_theme(root: tk.Tk, kind: str, name: str) -> None:
    if kind == "clam":
        ttk.Style(root).theme_use("clam")
    elif kind == "ours":
        from chatgui.ui.theme import PALETTES, Fonts, apply_theme

        apply_theme(root, PALETTES[name], Fonts(root, 11))
    elif kind == "sv_ttk":
        import sv_ttk  # type: ignore[import-not-found,unused-ignore]

        sv_ttk.set_theme(name, root)
    else:
        import ttkbootstrap  # type: ignore[import-not-found,unused-ignore]

        ttkbootstrap.Style(theme=name)


def child(kind: str, name: str, scaling: float | None) -> dict[str, float]:
    root = tk.Tk()
    if scaling is not None:
        root.tk.call("tk", "scaling", scaling)
    root.geometry("800x600+0+0")
    if kind == "ours":  # what the window imports anyway, before any theme (the network, …)
        import chatgui.ui.settings  # noqa: F401
    box = scene(root)
    root.update()
    started = time.perf_counter()
    load_theme(root, kind, name)
    root.update()
    load_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    for turn in range(RESIZES):
        root.geometry("900x700" if turn % 2 == 0 else "800x600")
        root.update()
    redraw_ms = (time.perf_counter() - started) * 1000 / RESIZES
    height = box.winfo_reqheight()
    root.destroy()
    return {"load_ms": load_ms, "redraw_ms": redraw_ms, "check_px": height}


# --- in the parent ---


def run_child(
    python: str, kind: str, name: str, scaling: float | None, work: Path
) -> dict[str, float]:
    command = [python, "-m", "bench.themes", "--child", kind, name]
    if scaling is not None:
        command += ["--scaling", str(scaling)]
    env = dict(os.environ, PYTHONPATH=str(ROOT), CHATGUI_HOME=str(work / "home"))
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, encoding="utf-8", timeout=CHILD_TIMEOUT_S
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1])
    result: dict[str, float] = json.loads(done.stdout)
    return result


def others_python(choice: str, work: Path, notes: list[str]) -> str | None:
    """A Python with sv-ttk and ttkbootstrap: the one given, or a new venv from the index."""
    if choice == "none":
        return None
    if choice:
        return choice
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    pip = subprocess.run(
        [python, "-m", "pip", "install", "-q", *OTHERS],
        capture_output=True,
        encoding="utf-8",
        timeout=600,
    )
    if pip.returncode != 0:
        notes.append(f"sv-ttk and ttkbootstrap could not be installed: {pip.stderr.strip()}")
        return None
    return python


def installed(python: str, package: str) -> str:
    """The package's version and its files' size with its dependencies (pip's own list)."""
    script = (
        "import importlib.metadata as m, sys\n"
        "seen, todo, size, version = set(), [sys.argv[1]], 0, m.version(sys.argv[1])\n"
        "while todo:\n"
        "    name = todo.pop()\n"
        "    if name.lower() in seen: continue\n"
        "    seen.add(name.lower()); dist = m.distribution(name)\n"
        "    size += sum(f.size or 0 for f in dist.files or ())\n"
        "    todo += [r.split(';')[0].split('>')[0].split('<')[0].split('=')[0].split('[')[0]"
        ".strip() for r in dist.requires or () if 'extra ==' not in r]\n"
        "print(f'{version}, {size / 1e6:.1f} MB with ' + ', '.join(sorted(seen)))\n"
    )
    done = subprocess.run(
        [python, "-c", script, package], capture_output=True, encoding="utf-8", timeout=60
    )
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def measure(python: str, kind: str, name: str, runs: int, work: Path) -> dict[str, float]:
    samples = [run_child(python, kind, name, None, work) for _ in range(runs)]
    small = run_child(python, kind, name, 4 / 3, work)["check_px"]
    big = run_child(python, kind, name, 8 / 3, work)["check_px"]
    return {
        "load_ms": statistics.median(s["load_ms"] for s in samples),
        "redraw_ms": statistics.median(s["redraw_ms"] for s in samples),
        "load_spread": max(s["load_ms"] for s in samples) - min(s["load_ms"] for s in samples),
        "small": small,
        "big": big,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--others", default="", help='a Python with them, or "none"')
    parser.add_argument("--child", nargs=2, metavar=("KIND", "NAME"), help=argparse.SUPPRESS)
    parser.add_argument("--scaling", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, name = args.child
        print(json.dumps(child(kind, name, args.scaling)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-themes-") as work:
        report = compare(args.runs, args.others, Path(work))
    print(report)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"themes-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    out.write_text(report, encoding="utf-8")
    print("wrote", out)


def compare(runs: int, others: str, work: Path) -> str:
    """The table, with our themes and the others' (from `others`, or installed into `work`)."""
    from bench.ui import display  # not in the child: the others' Python has no chatgui

    notes: list[str] = []
    other = others_python(others, work, notes)
    lines = [
        f"bench.themes, {time.strftime('%Y-%m-%d %H:%M')}, {platform.platform()}, "
        f"Python {platform.python_version()}, Tk {tk.TkVersion}, median of {runs} runs",
        "",
        f"{'theme':<22} {'load ms':>8} {'redraw ms':>10} {'check box 100% -> 200%':>24}",
    ]
    with display():
        for label, (kind, name) in THEMES.items():
            python = sys.executable if kind in ("clam", "ours") else other
            if python is None:
                continue
            try:
                got = measure(python, kind, name, runs, work)
            except (RuntimeError, subprocess.TimeoutExpired) as problem:
                notes.append(f"{label}: {problem}")
                continue
            growth = f"{got['small']:.0f} -> {got['big']:.0f} px (x{got['big'] / got['small']:.2f})"
            lines.append(
                f"{label:<22} {got['load_ms']:>8.1f} {got['redraw_ms']:>10.2f} {growth:>24}"
            )
            print(lines[-1], flush=True)
    lines += ["", "installed on disk, with what it requires:", "  ours: 0 MB (clam is part of Tk)"]
    if other is not None:
        lines += [f"  {package}: {installed(other, package)}" for package in OTHERS]
    lines += [f"note: {note}" for note in notes]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
