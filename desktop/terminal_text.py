"""Stored text made safe for a terminal (a user can paste anything, a terminal must get no control codes),
and the error a command ends with.

A NUL, an ESC sequence or a C1 code (U+0080–U+009F) in an agreement would otherwise reach the
terminal as a command (clear the screen, set the window title, …); a lone surrogate cannot be
encoded at all. Text lines show such a character as U+FFFD; JSON escapes it, so nothing is lost.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# What str.splitlines() breaks at: in one line of output each becomes a space.
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# C0 (tab aside), DEL, C1 and the surrogates, which no encoding of a real text holds alone.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
# In JSON text these can only stand inside strings, where \\uXXXX says the same thing.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(value: object) -> str:
    """One line (or one field of a tab-separated line): breaks and tabs become spaces, other controls U+FFFD."""
    return _UNSAFE.sub(REPLACEMENT, _LINE_BREAKS.sub(" ", str(value)).replace("\t", " "))


def message(text: str) -> str:
    """A message of one or more lines: line breaks and tabs are kept, other controls become U+FFFD."""
    return "\n".join(_UNSAFE.sub(REPLACEMENT, line) for line in _LINE_BREAKS.split(text))


def json_text(text: str) -> str:
    """JSON as written by ``json.dumps(ensure_ascii=False)``, with the characters a terminal must not get
    (DEL, C1, line separators, lone surrogates) as ``\\uXXXX`` escapes: still the same JSON value."""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class CommandError(Exception):
    """A command cannot be carried out; ``str()`` is the Danish message."""
