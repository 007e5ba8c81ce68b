"""The caveat of an answer given without some of the question's words: which words were left out, as written."""

from __future__ import annotations


def with_left_out(text: str, words: tuple[str, ...], lang: str) -> str:
    """The answer plus a line naming the words it did not use (they are not data words: not 'not in the data')."""
    if not words:
        return text
    said = ", ".join(f"'{w}'" for w in words)
    if lang == "en":
        return f"{text}\n(Answered without {said}: I could not tell what it means here.)"
    return f"{text}\n({said}은(는) 알아듣지 못해 빼고 답했습니다.)"
