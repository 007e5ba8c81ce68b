"""The caveat of an answer given without some of the question's words: which words were left out, as written, and
which of them were asked for as well (the data lacks those)."""

from __future__ import annotations


def with_left_out(text: str, words: tuple[str, ...], lang: str, not_held: tuple[str, ...] = ()) -> str:
    """The answer plus a line naming the words it did not use: not understood (not data words, so not 'not in the
    data'), or asked for as well and not in the data."""
    if not_held:
        said = ", ".join(f"'{w}'" for w in not_held)
        if lang == "en":
            text = f"{text}\n({said}: not in the data, so the answer leaves it out.)"
        else:
            text = f"{text}\n({said}은(는) 데이터에 없어 빼고 답했습니다.)"
    if not words:
        return text
    said = ", ".join(f"'{w}'" for w in words)
    if lang == "en":
        return f"{text}\n(Answered without {said}: I could not tell what it means here.)"
    return f"{text}\n({said}은(는) 알아듣지 못해 빼고 답했습니다.)"
