"""A student's PC for test_discovery_netns.py: a real chatgui window, run inside a network
namespace, that opens the Join page, waits for ROOM to be listed, joins it with Enter, goes back
to the Join page, and reports each step as a JSON line on stdout:

    {"step": "listed", "after": 0.13, "via": ["broadcast"], "address": "10.77.0.1"}
    {"step": "sources", "via": ["mdns", "broadcast"]}   (what found it within SETTLE_S more)
    {"step": "joined", "channel": "#lab"}
    {"step": "relisted"}
    {"step": "dropped", "after": 0.01}        (once the test has closed the room)

Usage: python tests/discovery/netns_join_page.py ROOM TIMEOUT_S. Exits 1 with
{"step": "timeout"} if a step does not happen in time. Needs DISPLAY (the namespace reaches Xvfb
through its socket file) and the project on PYTHONPATH.
"""

from __future__ import annotations

import gc
import json
import sys
import time
import tkinter
from collections.abc import Callable

from chatgui.ui.app import ChatApp
from chatgui.ui.found_rooms import found_channel
from chatgui.ui.settings import Settings

SETTLE_S = 3.0


def say(step: str, **details: object) -> None:
    sys.stdout.write(json.dumps({"step": step, **details}) + "\n")
    sys.stdout.flush()


def main(room: str, timeout: float) -> int:
    root = tkinter.Tk()
    root.geometry("900x700+0+0")
    app = ChatApp(root, Settings(name="Sam"))

    def wait(condition: Callable[[], bool], what: str) -> float:
        start = time.monotonic()
        while not condition():
            root.update()
            if time.monotonic() - start > timeout:
                say("timeout", waiting_for=what, status=app.start.message.get())
                raise SystemExit(1)
            time.sleep(0.01)
        return time.monotonic() - start

    def row() -> int | None:
        names = [found_channel(found) for found in app.start.found.rooms]  # listed by title
        return names.index(room) if room in names else None

    app.start.show("join")
    after = wait(lambda: row() is not None, "the room to be listed")
    found = app.start.found.rooms[row() or 0]
    say("listed", after=round(after, 3), via=list(found.via), address=found.addresses[0])
    settle = time.monotonic() + SETTLE_S  # let the other way (mDNS or broadcast) catch up
    while time.monotonic() < settle and len(app.start.found.rooms[row() or 0].via) < 2:
        root.update()
        time.sleep(0.01)
    say("sources", via=list(app.start.found.rooms[row() or 0].via))
    box = app.start.found.listbox
    box.selection_set(row() or 0)
    box.event_generate("<<ListboxSelect>>")
    box.focus_force()
    root.update()
    box.event_generate("<Return>")
    wait(lambda: app.page is not None and app.session.channel == room, "joining the room")
    say("joined", channel=app.session.channel, address=app.start.address.get())
    app.leave()
    gc.collect()
    app.start.show("join")
    wait(lambda: row() is not None, "the room to be listed again")
    say("relisted")
    after = wait(lambda: row() is None, "the room to be dropped")
    say("dropped", after=round(after, 3))
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], float(sys.argv[2])))
