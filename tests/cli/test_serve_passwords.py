"""`serve` takes its passwords from files or the environment, so they don't show in `ps`
(`--password` on the command line still works, and says so in --help).

The first test runs serve in a subprocess on 127.0.0.1 and joins it with raw IRC clients.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chatgui.cli.options import build_parser
from chatgui.cli.serve_config import server_config
from tests.cli.test_serve_discovery import free_port, serve, stop, wait_for_line
from tests.lineclient import LineClient

S = r":chatgui\.local"


def test_serve_takes_its_passwords_from_files_and_they_are_not_in_ps(tmp_path: Path) -> None:
    password, key, oper = tmp_path / "password", tmp_path / "key", tmp_path / "opers"
    password.write_text("class-pw-4821\n", encoding="utf-8")
    key.write_text("fractions-77\n", encoding="utf-8")
    oper.write_text("# who may OPER\nadmin:0p3r-pw-19\n", encoding="utf-8")
    port = free_port()
    process = serve(
        tmp_path, "--port", str(port), "--room", "class", "--no-announce", "--no-history",
        "--password-file", str(password), "--room-key-file", str(key), "--oper-file", str(oper),
    )  # fmt: skip
    student = wrong = None
    try:
        wait_for_line(process, "The room is open", 10.0)
        command_line = Path(f"/proc/{process.pid}/cmdline").read_bytes()
        for secret in (b"class-pw-4821", b"fractions-77", b"0p3r-pw-19"):
            assert secret not in command_line
        wrong = LineClient(port)
        wrong.send("PASS not-it")
        wrong.send("NICK Lee")
        wrong.send("USER Lee 0 * :Lee")
        wrong.expect(rf"^{S} 464 Lee :Password incorrect$")
        student = LineClient(port)
        student.send("PASS class-pw-4821")
        student.register("Sam")
        student.send("JOIN #class")
        student.expect(rf"^{S} 475 Sam #class :Cannot join channel \(\+k\) - wrong room password$")
        student.send("JOIN #class fractions-77")
        student.expect(rf"^{S} 366 Sam #class ")
        student.send("OPER admin 0p3r-pw-19")
        student.expect(rf"^{S} 381 Sam ")
    finally:
        for client in (student, wrong):
            if client is not None:
                client.close()
        stop(process)


def test_a_password_file_that_cant_be_read_is_said_in_words(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file"
    process = serve(tmp_path, "--port", str(free_port()), "--password-file", str(missing))
    out, err = process.communicate(timeout=10)
    assert process.returncode == 2
    assert err.splitlines() == [
        f"chatgui serve: the password file {missing} can't be read: no such file or directory"
    ]
    assert out == ""


@pytest.mark.parametrize(
    ("option", "content", "problem"),
    [
        ("--password-file", b"", "the password file .* is empty: put the password on its"),
        ("--room-key-file", b"\n", "the room password file .* is empty"),
        ("--room-key-file", b"two words\n", "--room-key must be one word"),
        ("--oper-file", b"admin\n", "each operator needs NAME:PASSWORD"),
        ("--oper-file", b"\xff\xfe", "the operators file .* is not UTF-8 text"),
    ],
)
def test_a_password_file_that_cant_be_used_says_why(
    tmp_path: Path, option: str, content: bytes, problem: str
) -> None:
    path = tmp_path / "file"
    path.write_bytes(content)
    args = build_parser().parse_args(["serve", "--room", "class", option, str(path)])
    with pytest.raises(ValueError, match=problem):
        server_config(args)


def test_passwords_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHATGUI_PASSWORD", "from-env")
    monkeypatch.setenv("CHATGUI_ROOM_KEY", "key-from-env")
    config = server_config(build_parser().parse_args(["serve", "--room", "class"]))
    assert (config.password, config.room_key) == ("from-env", "key-from-env")
    given = build_parser().parse_args(["serve", "--password", "typed", "--room-key", "k"])
    assert (server_config(given).password, server_config(given).room_key) == ("typed", "k")


def test_help_says_the_command_line_password_shows_in_ps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "(shows in `ps`: prefer --password-file or $CHATGUI_PASSWORD)" in shown
    assert "--room-key-file FILE" in shown
    assert "--oper-file FILE" in shown
