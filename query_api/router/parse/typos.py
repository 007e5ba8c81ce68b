"""One-edit typo matching: the deletion variants a dictionary indexes, the one-edit test, and how near a typo is
(a syllable with one jamo off is nearer than one with two)."""

from __future__ import annotations


def jamo_of(ch: str) -> tuple[int, int, int] | None:
    code = ord(ch) - 0xAC00
    return (code // 588, (code % 588) // 28, code % 28) if 0 <= code < 11172 else None


def edit_cost(token: str, term: str) -> int:
    """How far a one-edit typo is: a syllable with one jamo off (전저 → 전자) is nearer than one with two (전기)."""
    if len(token) != len(term):
        return 3
    i = next((i for i, (x, y) in enumerate(zip(token, term, strict=True)) if x != y), 0)
    a, b = jamo_of(token[i]), jamo_of(term[i])
    return sum(p != q for p, q in zip(a, b, strict=True)) if a and b else 3


def deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def one_jamo_off(word: str, masked: dict[str, set[str]]) -> str | None:
    """The one phrase `word` is a one-jamo typo of (재일 → 제일, 편잎 → 편입), if exactly one."""
    found = {
        w
        for i in range(len(word))
        for w in masked.get(word[:i] + "*" + word[i + 1 :], ())
        if w != word and edit_cost(word, w) == 1
    }
    return found.pop() if len(found) == 1 else None


_AE_E = {1: 5, 5: 1, 3: 7, 7: 3}  # ㅐ↔ㅔ, ㅒ↔ㅖ: vowels that sound alike and are typed for each other


def vowel_swaps(word: str) -> list[str]:
    """웹잰 → 웹젠: the word with one ㅐ/ㅔ (ㅒ/ㅖ) written as the other, each syllable in turn."""
    out = []
    for i, ch in enumerate(word):
        jamo = jamo_of(ch)
        if jamo is not None and jamo[1] in _AE_E:
            lead, vowel, tail = jamo
            out.append(word[:i] + chr(0xAC00 + lead * 588 + _AE_E[vowel] * 28 + tail) + word[i + 1 :])
    return out
