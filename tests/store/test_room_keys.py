"""The keys a student's window remembers, one per room: kept across restarts in a file of its
own, bounded, replaced whole (never half written), and a damaged file is an empty store."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatgui import limits
from chatgui.store.room_keys import RoomKeys, room_keys_path

KEY = hashlib.sha256(b"the teacher's key").hexdigest()
NEW_KEY = hashlib.sha256(b"the teacher's new key").hexdigest()
fingerprints = st.binary(min_size=1, max_size=8).map(lambda b: hashlib.sha256(b).hexdigest())


def test_a_key_is_kept_across_a_restart_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHATGUI_HOME", str(tmp_path))
    RoomKeys().remember("10.0.0.5:6697", KEY)
    assert room_keys_path().parent == tmp_path / "data"
    assert RoomKeys().key_of("10.0.0.5:6697") == KEY
    assert RoomKeys().key_of("10.0.0.6:6697") is None
    assert oct(os.stat(room_keys_path()).st_mode & 0o777) == "0o600"


def test_a_new_key_replaces_the_old_one(tmp_path: Path) -> None:
    keys = RoomKeys(tmp_path / "keys.json")
    keys.remember("Ms_Rivera / Class chat", KEY)
    keys.remember("Ms_Rivera / Class chat", NEW_KEY)
    assert RoomKeys(tmp_path / "keys.json").key_of("Ms_Rivera / Class chat") == NEW_KEY
    assert list(tmp_path.iterdir()) == [tmp_path / "keys.json"]  # no left-over temporary file


def test_two_windows_keep_each_others_keys(tmp_path: Path) -> None:
    first, second = RoomKeys(tmp_path / "keys.json"), RoomKeys(tmp_path / "keys.json")
    first.remember("Ms_Rivera / Class chat", KEY)
    second.remember("Mr_Kim / Maths", NEW_KEY)
    kept = RoomKeys(tmp_path / "keys.json")
    assert kept.key_of("Ms_Rivera / Class chat") == KEY
    assert kept.key_of("Mr_Kim / Maths") == NEW_KEY


def test_the_store_keeps_the_rooms_joined_last(tmp_path: Path) -> None:
    keys = RoomKeys(tmp_path / "keys.json")
    for n in range(limits.ROOM_KEYS_MAX + 5):
        keys.remember(f"room {n}", KEY)
    keys.remember("room 0", NEW_KEY)  # joined again: it is recent now
    kept = RoomKeys(tmp_path / "keys.json")
    assert len(kept) == limits.ROOM_KEYS_MAX
    assert kept.key_of("room 0") == NEW_KEY
    assert kept.key_of("room 5") is None  # 0 to 5 went; 0 came back
    assert kept.key_of("room 6") == KEY


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"rooms": 5}',
        b"\xff\xfe",
        b" " * (limits.ROOM_KEYS_FILE_MAX_BYTES + 1),
    ],
)
def test_a_damaged_file_is_an_empty_store_and_a_log_line(
    tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "keys.json"
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        keys = RoomKeys(path)
    assert len(keys) == 0
    assert "room keys" in caplog.text
    keys.remember("room", KEY)  # and it works again from there
    assert RoomKeys(path).key_of("room") == KEY


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=70) | fingerprints,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_whatever_the_file_holds_only_real_keys_are_read(tmp_path: Path, content: object) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"rooms": content}), encoding="utf-8")
    keys = RoomKeys(path)
    assert len(keys) <= limits.ROOM_KEYS_MAX
    for room in keys.rooms():
        fingerprint = keys.key_of(room)
        assert fingerprint is not None
        assert len(fingerprint) == 64
        assert int(fingerprint, 16) >= 0


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.text(min_size=1, max_size=80), fingerprints), max_size=12))
def test_what_is_remembered_is_read_back(tmp_path: Path, pins: list[tuple[str, str]]) -> None:
    path = tmp_path / "keys.json"
    path.unlink(missing_ok=True)
    keys = RoomKeys(path)
    for room, fingerprint in pins:
        keys.remember(room, fingerprint)
    again = RoomKeys(path)
    assert {room: again.key_of(room) for room, _ in pins} == dict(pins)
