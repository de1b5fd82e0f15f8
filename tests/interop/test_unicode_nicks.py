"""irssi and WeeChat with names of other alphabets in a chatgui room: irssi as Zoë (in tmux),
WeeChat as Łukasz (headless, told what to do through its FIFO), and a raw client Иван on the
other side. Each joins, talks, and is talked to, publicly and privately.

The programs run as in test_irc_clients.py (its fixtures and helpers are used here).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.interop.test_irc_clients import (
    IRSSI_CONFIG,
    IRSSI_NICK,
    ROOM,
    WAIT_S,
    Serve,
    Tmux,
    WeeChat,
    _child_env,
    _require,
    _save,
    _weechat_fifo_plugin,
    running_weechat,
    serve,  # noqa: F401  (a fixture)
)
from tests.lineclient import LineClient

pytestmark = [pytest.mark.interop, pytest.mark.slow]

ZOE = "Zo\u00eb"
LUKASZ = "\u0141ukasz"
IVAN = "\u0418\u0432\u0430\u043d"


@pytest.fixture
def ivan(serve: Serve) -> Iterator[LineClient]:  # noqa: F811  (the fixture imported above)
    """A raw client in ROOM whose name is Cyrillic."""
    client = LineClient(serve.port)
    try:
        client.register(IVAN)
        client.send(f"JOIN {ROOM}")
        client.expect(rf" 366 {IVAN} {ROOM} ", WAIT_S)
        yield client
    finally:
        client.close()


def test_irssi_as_zoe_proves_an_identity_joins_talks_and_is_talked_to(
    serve: Serve,  # noqa: F811  (the fixture imported above)
    ivan: LineClient,
    tmp_path: Path,
) -> None:
    _require("tmux", "tmux")
    _require("irssi", "irssi")
    home = tmp_path / "irssi"
    home.mkdir()
    config = IRSSI_CONFIG.replace(f'nick = "{IRSSI_NICK}"', f'nick = "{ZOE}"')
    assert ZOE in config
    (home / "config").write_text(config, encoding="utf-8")
    irssi = Tmux(_child_env(home))
    try:
        irssi.start(["irssi", f"--home={home}", "--noconnect"])  # glib refuses "-n Zoë"
        irssi.wait_for(r"Irssi v\d")
        # An identity of her own, proved with SASL PLAIN as irssi speaks it
        sasl = "-sasl_mechanism PLAIN -sasl_username zoe -sasl_password correct-horse"
        irssi.type(f"/network add {sasl} class")
        irssi.type(f"/server add -network class 127.0.0.1 {serve.port}")
        irssi.type("/connect class")
        irssi.wait_for(r"SASL authentication succeeded")
        irssi.wait_for(r"End of /MOTD command")
        ivan.send(f"WHOIS {ZOE}")
        ivan.expect(rf" 330 {IVAN} {ZOE} [a-z2-7]{{13}} :", WAIT_S)
        irssi.type(f"/join {ROOM}")
        ivan.expect(rf"^:{ZOE}!\S+@127\.0\.0\.1 JOIN :?{ROOM}$", WAIT_S)
        irssi.wait_for(rf"\[@{IVAN}\] \[ {ZOE}\]")  # the names list, Иван first in the room

        irssi.type(f"bonjour {IVAN}")
        ivan.expect(rf"^:{ZOE}!\S+ PRIVMSG {ROOM} :bonjour {IVAN}$", WAIT_S)
        ivan.send(f"PRIVMSG {ROOM} :\u043f\u0440\u0438\u0432\u0435\u0442 {ZOE}")
        irssi.wait_for(rf"<@{IVAN}> \u043f\u0440\u0438\u0432\u0435\u0442 {ZOE}$")
        ivan.send(f"PRIVMSG {ZOE} :just for you")
        irssi.type(f"/msg {IVAN} and back to you")
        ivan.expect(rf"^:{ZOE}!\S+ PRIVMSG {IVAN} :and back to you$", WAIT_S)
        irssi.type("/window 3")  # the private conversation irssi opened for Иван
        irssi.wait_for(rf"<{IVAN}> just for you$")
        irssi.type("/quit bye")
        ivan.expect(rf"^:{ZOE}!\S+ QUIT ", WAIT_S)
    finally:
        _save(tmp_path / "irssi-screen.txt", irssi.screen)
        irssi.kill()
    serve.assert_no_errors_logged()


def test_weechat_as_lukasz_proves_an_identity_joins_talks_and_is_talked_to(
    serve: Serve,  # noqa: F811  (the fixture imported above)
    ivan: LineClient,
    tmp_path: Path,
) -> None:
    _require("weechat-headless", "weechat-headless")
    _require("WeeChat's fifo plugin", "weechat-plugins", _weechat_fifo_plugin)
    home = tmp_path / "weechat"
    home.mkdir()
    setup = [
        "/set logger.file.flush_delay 0",
        "/fifo enable",
        f"/server add local 127.0.0.1/{serve.port} -notls",
        f"/set irc.server.local.nicks {LUKASZ}",
        "/set irc.server.local.sasl_mechanism plain",  # an identity, as WeeChat proves one
        "/set irc.server.local.sasl_username lukasz",
        "/set irc.server.local.sasl_password correct-horse",
        "/set irc.server.local.autoreconnect off",
        f"/set irc.server.local.autojoin {ROOM}",
        "/connect local",
    ]
    with running_weechat(home, setup, tmp_path / "weechat.out") as weechat:
        _weechat_talks(weechat, ivan)
    serve.assert_no_errors_logged()


def _weechat_talks(weechat: WeeChat, ivan: LineClient) -> None:
    """Łukasz in WeeChat and Иван: in the room and privately, both ways, with no errors."""
    channel = f"irc.local.{ROOM}"
    ivan.expect(rf"^:{LUKASZ}!\S+ JOIN :?{ROOM}$", WAIT_S)
    weechat.wait_for_log(channel, r"Channel #class: 2 nicks")
    ivan.send(f"WHOIS {LUKASZ}")
    ivan.expect(rf" 330 {IVAN} {LUKASZ} [a-z2-7]{{13}} :", WAIT_S)
    weechat.command(f"{channel} *dzie\u0144 dobry {IVAN}")
    ivan.expect(rf"^:{LUKASZ}!\S+ PRIVMSG {ROOM} :dzie\u0144 dobry {IVAN}$", WAIT_S)
    ivan.send(f"PRIVMSG {ROOM} :\u043f\u0440\u0438\u0432\u0435\u0442 {LUKASZ}")
    weechat.wait_for_log(channel, rf"\t@?{IVAN}\t\u043f\u0440\u0438\u0432\u0435\u0442 {LUKASZ}$")
    ivan.send(f"PRIVMSG {LUKASZ} :just for you")
    weechat.wait_for_log(f"irc.local.{IVAN.lower()}", r"\tjust for you$")
    weechat.command(f"irc.server.local */msg {IVAN} and back to you")
    ivan.expect(rf"^:{LUKASZ}!\S+ PRIVMSG {IVAN} :and back to you$", WAIT_S)
    for name in ("irc.server.local", channel):
        errors = [line for line in weechat.log(name).splitlines() if "\t=!=\t" in line]
        assert not errors, f"WeeChat showed errors in {name}:\n" + "\n".join(errors)
    assert re.search(r"UTF8MAPPING=rfc8265", weechat.log("irc.server.local"))
