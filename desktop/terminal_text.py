"""Stored text made safe for a terminal (a user can paste anything, a terminal must get no control codes),
and the error a command ends with.

A NUL, an ESC sequence or a C1 code (U+0080–U+009F) in an agreement would otherwise reach the
terminal as a command (clear the screen, set the window title, …); a lone surrogate cannot be
encoded at all. Text lines show such a character as U+FFFD; JSON escapes it, so nothing is lost.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# Patterns as text, compiled (and cached by re) when first used: a command's output, not every start.
# What str.splitlines() breaks at: in one line of output each becomes a space.
_LINE_BREAKS = "\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]"
# C0 (tab aside), DEL, C1 and the surrogates, which no encoding of a real text holds alone.
_UNSAFE = "[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]"
# In JSON text these can only stand inside strings, where \\uXXXX says the same thing.
_UNSAFE_IN_JSON = "[\x7f-\x9f\u2028\u2029\ud800-\udfff]"


def one_line(value: object) -> str:
    """One line (or one field of a tab-separated line): breaks and tabs become spaces, other controls U+FFFD."""
    return re.sub(_UNSAFE, REPLACEMENT, re.sub(_LINE_BREAKS, " ", str(value)).replace("\t", " "))


def message(text: str) -> str:
    """A message of one or more lines: line breaks and tabs are kept, other controls become U+FFFD."""
    return "\n".join(re.sub(_UNSAFE, REPLACEMENT, line) for line in re.split(_LINE_BREAKS, text))


def json_text(text: str) -> str:
    """JSON as written by ``json.dumps(ensure_ascii=False)``, with the characters a terminal must not get
    (DEL, C1, line separators, lone surrogates) as ``\\uXXXX`` escapes: still the same JSON value."""
    return re.sub(_UNSAFE_IN_JSON, lambda match: f"\\u{ord(match.group()):04x}", text)


class CommandError(Exception):
    """A command cannot be carried out; ``str()`` is the Danish message."""
