"""The import preview's side-by-side texts: what differs is marked word by word, nothing is lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storage.text_diff import WORD_LIMIT, marked, side_by_side


def test_the_changed_words_are_marked_as_one_stretch_on_each_side() -> None:
    mine, theirs = side_by_side("Etablering af net på rådhuset.\nRettet her i huset.",
                                "Etablering af net på rådhuset.\nTilføjet af kollega.")
    assert marked(mine, "[", "]") == "Etablering af net på rådhuset.\n[Rettet her i huset]."
    assert marked(theirs, "{", "}") == "Etablering af net på rådhuset.\n{Tilføjet af kollega}."


def test_a_text_only_one_side_has_is_marked_whole() -> None:
    mine, theirs = side_by_side("", "Ny målsætning")
    assert mine == [] and marked(theirs, "{", "}") == "{Ny målsætning}"


def test_long_texts_are_compared_line_by_line() -> None:
    lines = [f"Linje {n} med ord og flere ord" for n in range(WORD_LIMIT // 5)]
    changed = lines.copy()
    changed[7] = "En helt anden linje"
    mine, theirs = side_by_side("\n".join(lines), "\n".join(changed))
    assert [p.text.strip() for p in mine if p.changed] == [lines[7]]
    assert [p.text.strip() for p in theirs if p.changed] == ["En helt anden linje"]


@given(st.text(max_size=200), st.text(max_size=200))
def test_each_side_joins_back_to_its_text(mine: str, theirs: str) -> None:
    left, right = side_by_side(mine, theirs)
    assert "".join(p.text for p in left) == mine
    assert "".join(p.text for p in right) == theirs
