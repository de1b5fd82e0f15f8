"""Reading a server's `sts` policy (IRCv3 Strict Transport Security): "port=6697,duration=300".

On a plain connection the policy says which port to come back to with TLS; on a verified TLS
connection, how long (in seconds) to use nothing but TLS with this server. What the client
does with it lives in chatgui/net/sts_policies.py.
"""

from dataclasses import dataclass

from chatgui.protocol.text import is_number


@dataclass(frozen=True)
class StsPolicy:
    """What the server asked for; None where its value was missing or not a number."""

    port: int | None
    duration: int | None


def read_policy(value: str) -> StsPolicy:
    """The policy in a CAP LS value; unknown keys are ignored, as the spec asks."""
    fields = dict(item.partition("=")[::2] for item in value.split(",") if item)
    return StsPolicy(_number(fields.get("port"), 1, 65535), _number(fields.get("duration"), 0))


def _number(text: str | None, low: int, high: int | None = None) -> int | None:
    if text is None or not is_number(text) or len(text) > 10:
        return None
    number = int(text)
    return number if low <= number and (high is None or number <= high) else None
