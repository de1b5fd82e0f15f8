"""Window tests: Tk objects that die in reference cycles are collected on the main thread.

A ChatApp (or a ChatView left behind by leave()) holds Tk variables in reference cycles. If the
cyclic garbage collector happens to run on a worker thread (the app's server or client), their
__del__ calls Tcl from that thread, which raises "main thread is not in main loop" in a test
(there is no mainloop) and pytest's unraisable-exception check fails some later, innocent test.
This fixture is set up before `tk_root`, so its collection runs after the root is destroyed,
on the main thread.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def collect_tk_garbage_on_the_main_thread() -> Iterator[None]:
    gc.collect()
    yield
    gc.collect()
