"""redact(): what the lesson view may show of a line, with every kind of secret in it."""

import pytest

from chatgui.protocol.redact import redact


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
        ("pass lowercase", "pass ***"),
        ("", ""),
        (":only-a-source", ":only-a-source"),
    ],
)
def test_secret_parameters_are_hidden(line: str, shown: str) -> None:
    assert redact(line) == shown


def test_the_given_secrets_are_hidden_anywhere() -> None:
    line = ":Sam!u@h PRIVMSG #class-chat :the password is hunter2, and Xy9_secret too"
    shown = redact(line, ["hunter2", "Xy9_secret", ""])
    assert "hunter2" not in shown
    assert "Xy9_secret" not in shown
    assert shown == ":Sam!u@h PRIVMSG #class-chat :the password is ***, and *** too"
