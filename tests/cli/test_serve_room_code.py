"""`serve` prints the room code beside its TLS address and key fingerprint: what the teacher
writes on the board, and what a student's window checks the room's key against."""

from __future__ import annotations

import re
from pathlib import Path

from chatgui.net.tls_identity import room_identity
from chatgui.paths import data_dir
from chatgui.protocol.room_code import fingerprint_shown, room_code
from tests.cli.test_serve_discovery import serve, stop, wait_for_line


def test_serve_prints_the_room_code_of_its_kept_key(tmp_path: Path) -> None:
    process = serve(tmp_path, "--port", "0", "--tls-port", "0", "--no-announce", "--no-history")
    try:
        printed = wait_for_line(process, "Room code:", 20)
    finally:
        stop(process)
    fingerprint = room_identity(data_dir()).fingerprint  # the key serve made and kept
    said = "\n".join(printed)
    shown = fingerprint_shown(fingerprint)  # as irssi's -tls_pinned_pubkey takes it
    assert f"The room's key fingerprint (SHA-256) is {shown}" in said
    assert re.search(rf"^Room code: {room_code(fingerprint)}\b", said, re.MULTILINE), said
    assert printed[-2].startswith("The room's key fingerprint"), printed  # beside it
