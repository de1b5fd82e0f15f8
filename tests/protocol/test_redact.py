"""redact(): what the lesson view may show of a line, with every kind of secret in it."""

import pytest

from chatgui.protocol.redact import redact
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerState


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("PASS hunter2", "PASS ***"),
        ("PASS :hunter 2", "PASS :***"),
        ("AUTHENTICATE c2FtAHNhbQBodW50ZXIy", "AUTHENTICATE ***"),
        ("OPER teacher hunter2", "OPER teacher ***"),
        ("JOIN #class-chat hunter2", "JOIN #class-chat ***"),
        ("JOIN #a,#b key1,key2", "JOIN #a,#b ***"),
        ("JOIN #class-chat", "JOIN #class-chat"),
        ("MODE #class-chat +k hunter2", "MODE #class-chat +k ***"),
        ("MODE #class-chat +ik hunter2", "MODE #class-chat +ik ***"),
        ("MODE #class-chat -m+k hunter2", "MODE #class-chat -m+k ***"),
        (":Ms!u@h MODE #class-chat +k :hunter2", ":Ms!u@h MODE #class-chat +k :***"),
        ("@time=x :Ms!u@h MODE #c +k hunter2", "@time=x :Ms!u@h MODE #c +k ***"),
        (":srv 324 Ms #class-chat +knt hunter2", ":srv 324 Ms #class-chat +knt ***"),
        ("MODE #class-chat -k *", "MODE #class-chat -k *"),
        ("MODE #class-chat +b m:Sam!*@*", "MODE #class-chat +b m:Sam!*@*"),
        ("PRIVMSG #class-chat :hello", "PRIVMSG #class-chat :hello"),
        ("PRIVMSG Sam :my grade is a B", "PRIVMSG Sam :***"),
        (":Kim!u@h PRIVMSG Ms_Rivera :can I go?", ":Kim!u@h PRIVMSG Ms_Rivera :***"),
        ("@time=x :Kim!u@h PRIVMSG @#c :help me", "@time=x :Kim!u@h PRIVMSG @#c :***"),
        (":srv NOTICE Sam :You are muted", ":srv NOTICE Sam :***"),
        (":srv NOTICE #class-chat :Ms muted Sam.", ":srv NOTICE #class-chat :Ms muted Sam."),
        ("PRIVMSG Sam hi", "PRIVMSG Sam ***"),
        ("pass lowercase", "pass ***"),
        ("", ""),
        (":only-a-source", ":only-a-source"),
    ],
)
def test_secret_parameters_are_hidden(line: str, shown: str) -> None:
    assert redact(line) == shown


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (":Sam!u@h PRIVMSG #class-chat :hunter2", ":Sam!u@h PRIVMSG #class-chat :***"),
        ("@time=x :Sam!u@h PRIVMSG #c :Xy9_secret", "@time=x :Sam!u@h PRIVMSG #c :***"),
        ("NICK hunter2", "NICK ***"),
        ("KNOCK #class hunter2 :let me in", "KNOCK #class *** :let me in"),
        (":hunter2!u@h PRIVMSG #c :hi", ":hunter2!u@h PRIVMSG #c :hi"),  # a source, not a param
    ],
)
def test_a_given_secret_is_hidden_where_it_is_a_whole_parameter(line: str, shown: str) -> None:
    assert redact(line, ["hunter2", "Xy9_secret", ""]) == shown


def test_a_short_room_key_is_never_masked_inside_other_words() -> None:
    """With the room password "cat", "con***enate" would give the password away."""
    line = ":Sam!u@h PRIVMSG #class-chat :we concatenate the catalogue, cat"
    assert redact(line, ["cat"]) == line
    assert redact("MODE #class-chat +k cat", ["cat"]) == "MODE #class-chat +k ***"
    assert redact("JOIN #class-chat cat", ["cat"]) == "JOIN #class-chat ***"
    assert redact(":srv 324 Ms #class-chat +k cat", ["cat"]) == ":srv 324 Ms #class-chat +k ***"
    assert redact(":Sam!u@h PRIVMSG #class-chat :cat", ["cat"]) == (
        ":Sam!u@h PRIVMSG #class-chat :***"
    )


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("@label=a1 PASS hunter2", "@label=a1 PASS ***"),
        ("Join #class-chat hunter2", "Join #class-chat ***"),
        ("MODE #class-chat +lk 30 hunter2", "MODE #class-chat +lk *** ***"),
        ("MODE #class-chat +k-i hunter2", "MODE #class-chat +k-i ***"),
        ("AUTHENTICATE +", "AUTHENTICATE ***"),
    ],
)
def test_more_shapes_of_the_same_secrets(line: str, shown: str) -> None:
    assert redact(line) == shown


def test_every_line_our_server_sends_about_a_room_key_is_hidden() -> None:
    """The server core's own lines (the MODE relayed to the room, RPL_CHANNELMODEIS to a
    member, the room NOTICE) and the JOIN with the key: none shows the key once redacted."""
    state = ServerState(ServerConfig(host_secret="s3cret-host", rooms=("#class",)))
    lines: list[str] = []
    for conn, nick in ((1, "Ms_Rivera"), (2, "Sam")):
        state.connected(conn, "10.0.0.1", 0.0)
        password = ["PASS s3cret-host"] if conn == 1 else []
        for line in [*password, f"NICK {nick}", f"USER {nick} 0 * :{nick}"]:
            lines.append(line)
            state.received(conn, line.encode(), 0.0)
    said = ["JOIN #class", "MODE #class +k fractions7", "MODE #class"]
    for line in said:
        lines.append(line)
        lines += [
            o.line.decode() for o in state.received(1, line.encode(), 0.0) if isinstance(o, Send)
        ]
    lines.append("JOIN #class fractions7")
    lines += [
        o.line.decode()
        for o in state.received(2, b"JOIN #class fractions7", 0.0)
        if isinstance(o, Send)
    ]
    assert any("fractions7" in line for line in lines)  # the key really was on the wire
    shown = [redact(line, ["s3cret-host"]) for line in lines]
    assert not [line for line in shown if "fractions7" in line or "s3cret-host" in line]
