"""What any user text becomes in a label's rich text: exactly what html.escape makes of it, so a field label
or title with <, &, quotes or control characters shows as typed and never as markup."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from ui.look import escape


@given(st.text(alphabet=st.sampled_from('<>&"\'aæ \x00\u2028\n') | st.characters(), max_size=40))
def test_rich_text_escape_is_html_escape(text: str) -> None:
    assert escape(text) == html.escape(text)


def test_markup_typed_by_a_user_stays_text() -> None:
    assert escape('<b>Økonomi & "drift"</b>') == "&lt;b&gt;Økonomi &amp; &quot;drift&quot;&lt;/b&gt;"
