"""selected_index: which row of a Listbox is chosen, for the lists a window acts on."""

import tkinter as tk


def selected_index(listbox: tk.Listbox) -> int | None:
    """The index of the selected row of a Listbox, or None."""
    chosen: tuple[int, ...] = listbox.curselection()  # type: ignore[no-untyped-call]
    return chosen[0] if chosen else None
