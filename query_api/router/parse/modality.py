"""Advice asked by grammar, not by phrase: an investing verb (lexicon `invest_acts`: 사, 팔, 갈아타, 넣, 보유하 …)
in a deliberating, permitting, obliging or weighing construction, read off Kiwi's morphemes, so every conjugation
counts: 살까, 사 둘까, 넣어둬도 될까, 들고 가야 하나, 갈아타는 게 나을까, 사면 괜찮아, 묻어둘 만해, 살 가치 있음."""

from __future__ import annotations

from dataclasses import dataclass

# Auxiliaries chained after a verb by 어/아/고 (사 두다, 모아 가다, 팔고 나오다): the chain's last bears the ending.
_CHAINED = {"두", "보", "놓", "가", "오", "버리", "나오", "들어가", "가지", "있"}
_LINKS = {"어", "아", "여", "고", "어다", "아다"}
_DELIBERATE = {"ᆯ까", "을까", "ᆯ까요", "을까요", "ᆯ지", "을지", "ᆯ래", "을래", "래", "ᆯ래요", "을래요", "ᆯ까나"}
_PERMIT = {"어도", "아도", "여도", "도"}  # …어도 되다/괜찮다
_OBLIGE = {"어야", "아야", "여야", "야"}  # …어야 하다/되다
_IF = {"면", "으면"}  # …면 좋다/괜찮다/어떻다
_JUDGED = {"되", "괜찮", "좋", "낫", "어떻", "맞", "나", "안", "손해", "이득", "유리", "불리"}
_WORTH = {"만", "가치", "만하"}  # 살 만하다, 살 가치
_LOOK = "보"  # 뭐부터 봐야 돼: what one must look at is advice; 볼까 (shall we look) is a request


@dataclass(frozen=True)
class Morph:
    form: str
    tag: str  # Kiwi's tag without its irregular-conjugation suffix (VA-I → VA)
    start: int
    end: int
    score: float = 0.0  # Kiwi's log-likelihood in context: a known word scores well above an unknown one


def advised(morphs: list[Morph], acts: frozenset[str]) -> list[Morph]:
    """The investing verbs (or verb nouns) of `morphs` that bear an advice construction; empty when none does."""
    found = []
    for i, m in enumerate(morphs):
        if m.form == _LOOK and m.tag == "VV":
            if _obliged(morphs, i + 1):
                found.append(m)
            continue
        if m.form not in acts:
            continue
        if m.tag in ("VV", "VA") or _verb_noun(morphs, i):
            if _advice_after(morphs, i + (2 if m.tag.startswith("NN") else 1)):
                found.append(m)
        elif m.tag == "NNB" and i + 1 < len(morphs) and morphs[i + 1].form in _WORTH:
            found.append(m)  # 살 가치: Kiwi may read 살 as a noun (an age) after a name
    return found


def _verb_noun(morphs: list[Morph], i: int) -> bool:
    """보유 + 하, 매수 + 해: a noun made a verb by 하."""
    nxt = morphs[i + 1] if i + 1 < len(morphs) else None
    return morphs[i].tag.startswith("NN") and nxt is not None and nxt.form == "하" and nxt.tag in ("XSV", "VV")


def _obliged(morphs: list[Morph], j: int) -> bool:
    nxt = morphs[j + 1].form if j + 1 < len(morphs) else ""
    return j < len(morphs) and morphs[j].tag == "EC" and morphs[j].form in _OBLIGE and nxt in ("되", "하")


def _advice_after(morphs: list[Morph], j: int) -> bool:
    while j + 1 < len(morphs) and morphs[j].form in _LINKS and morphs[j + 1].form in _CHAINED:
        j += 2  # 넣 + 어 + 두 + 어도 되: the ending is on the last auxiliary
    if j >= len(morphs):
        return False
    end, rest = morphs[j], morphs[j + 1 : j + 4]
    nxt = rest[0].form if rest else ""
    if end.form in _DELIBERATE and end.tag in ("EF", "EC"):
        return True
    if end.tag == "EC" and (end.form in _PERMIT or end.form in _OBLIGE) and nxt in ("되", "하", "괜찮"):
        return True
    if end.tag == "EC" and end.form in _IF:
        return any(r.form in _JUDGED for r in rest[:2])
    if end.tag == "ETM":
        if nxt in _WORTH:
            return True  # 살 만해, 묻어둘 가치
        if nxt == "것":  # 사는 게 나을까, 갈아타는 게 맞아
            return any(r.form in _JUDGED for r in rest[1:3])
    return False
