"""`serve --host NAME`: the teacher's name, checked like any name before the room opens."""

from __future__ import annotations

import pytest

from chatgui.cli.options import build_parser
from chatgui.cli.serve_config import server_config


def test_serve_holds_the_teachers_name_and_makes_a_host_key() -> None:
    config = server_config(build_parser().parse_args(["serve", "--host", "Ms_Rivera"]))
    assert config.host_name == "Ms_Rivera"
    assert config.host_key is not None
    assert len(config.host_key) == 14
    again = server_config(build_parser().parse_args(["serve"]))
    assert again.host_name is None
    assert again.host_key != config.host_key


def test_a_teachers_name_that_cant_be_a_name_is_said() -> None:
    with pytest.raises(ValueError, match=r"^--host 'Ms Rivera': "):
        server_config(build_parser().parse_args(["serve", "--host", "Ms Rivera"]))
