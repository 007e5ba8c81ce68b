"""A question analysed: entity links, numbers and dates, Kiwi morphemes, and the lexicon entries they match."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import query_api.router.parse.text as tx
from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.index_words import index_word
from query_api.router.parse.link import Link, link
from query_api.router.parse.modality import Morph, advised
from query_api.router.parse.short_names import contracted, short_name
from query_api.router.parse.typos import one_jamo_off
from query_api.router.parse.words import CONTENT_TAGS, NOMINAL_TAGS, Entry

MAX_PHRASE = 4
# Short upper-case words are names (PER, QQQ, SOXX), not lexicon words, unless the lexicon word is itself an acronym;
# longer ones are words written in capitals (KOSDAQ, KOSPI).
ACRONYMS = {"nav", "ter", "aum", "etf", "etfs", "ytd", "top", "vs", "krw", "ai"}
MAX_NAME_CAPS = 4


@dataclass
class Tok:
    form: str  # lower case
    tag: str
    start: int
    end: int
    covered: str = ""  # "entity", "number", "date", "lexicon", "filler" or "" (unused)


@dataclass
class Hit:
    entry: Entry
    start: int  # characters in Text.text
    end: int
    first: int  # index of the first token (content tokens)
    last: int


@dataclass
class Analysis:
    t: tx.Text
    links: list[Link]
    numbers: list[tx.Number]
    dates: list[tx.DateMention]
    tokens: list[Tok]  # content tokens
    hits: list[Hit] = field(default_factory=list)
    morphs: list[Morph] = field(default_factory=list)  # every morpheme, endings too (modality.py reads them)
    advice: bool = False  # an investing verb bears an advice construction (살까, 넣어둬도 될까)

    def of(self, section: str, key: str | None = None) -> list[Hit]:
        return [h for h in self.hits if h.entry.section == section and (key is None or h.entry.key == key)]

    def has(self, section: str, key: str | None = None) -> bool:
        return any(h.entry.section == section and (key is None or h.entry.key == key) for h in self.hits)

    def keys(self, section: str) -> list[str]:
        out: list[str] = []
        for h in self.hits:
            if h.entry.section == section and h.entry.key not in out:
                out.append(h.entry.key)
        return out

    def entities(self, *types: str) -> list[Link]:
        return [k for k in self.links if k.type in types]

    def unused(self) -> list[Tok]:
        return [t for t in self.tokens if not t.covered and t.tag in NOMINAL_TAGS]


_AMOUNT_BEFORE = re.compile(r"\d[\d,.]*\s*(?:trillion|billion|million|조|억|만)?\s*$", re.IGNORECASE)
_CURRENCY = {"won", "krw"}


def analyse(question: str, d: Dictionary, corrected: bool = False) -> Analysis:
    t = tx.normalize(question)
    links = [k for k in link(t, d) if not _currency(t, k)]
    t = tx.language_outside(t, [(k.start, k.end) for k in links])
    dates = [m for m in tx.dates(t.text) if not any(k.start <= m.start and m.end <= k.end for k in links)]  # 버퍼3월
    spans = [(k.start, k.end) for k in links] + [(m.start, m.end) for m in dates]
    numbers = tx.numbers(t.text, spans)
    pre = [(k.start, k.end, "NNP") for k in links]
    with d.lock:  # one Kiwi per dictionary; tokenize is fast, calls are serialised
        raw = d.kiwi.tokenize(t.text, pretokenized=pre) if t.text else []
    tokens: list[Tok] = []
    assert d.lexicon is not None
    for r in raw:
        tag = str(r.tag).split("-")[0]
        prev = tokens[-1] if tokens else None
        if tag not in CONTENT_TAGS:
            joined = prev.form + r.form if prev is not None and prev.end == r.start and not prev.covered else ""
            if joined and any(len(seq) == 1 for seq, _ in d.lexicon.index.get(joined, ())):
                tokens[-1] = Tok(joined, prev.tag, prev.start, r.start + r.len)  # 최저 + 가 → 최저가 (one lexicon word)
            continue
        tok = Tok(r.form.lower(), tag, r.start, r.start + r.len)
        if any(k.start <= tok.start and tok.end <= k.end for k in links):
            tok.covered = "entity"
        elif any(m.start <= tok.start < m.end for m in dates):
            tok.covered = "date"
        elif any(n.start <= tok.start < n.end for n in numbers):
            tok.covered = "number"
        tokens.extend(_resplit(tok, t.text, d) if tok.tag == "NNP" and not tok.covered else (tok,))
    tokens = _rejoin(tokens, d)
    morphs = [Morph(r.form, str(r.tag).split("-")[0], r.start, r.start + r.len, r.score) for r in raw]
    a = Analysis(t, links, numbers, dates, tokens, morphs=morphs)
    _match(a, d)
    _glued_prefixes(a)
    _advice(a, d)
    _index_words(a, d)
    _short_names(a, d)
    fixed = None if corrected else _typo_fixed(a, d)
    return a if fixed is None else analyse(fixed, d, corrected=True)


def _glued_prefixes(a: Analysis) -> None:
    """분|배율: a one-syllable bound noun Kiwi split off the start of a word, glued to a lexicon noun, is the start
    of another word (분배율, a distribution rate; not the multiple): an unused noun, so the word is unknown."""
    for i, tok in enumerate(a.tokens[:-1]):
        nxt = a.tokens[i + 1]
        at_start = tok.start == 0 or a.t.text[tok.start - 1] == " "
        bound = tok.tag == "NNB" and not tok.covered and len(tok.form) == 1 and at_start
        if bound and nxt.start == tok.end and nxt.covered == "lexicon" and nxt.tag == "NNG":
            tok.tag = "NNG"


def _advice(a: Analysis, d: Dictionary) -> None:
    """Marks advice asked by grammar; the verb nouns bearing it (매수해도 될까) are used by it."""
    assert d.lexicon is not None
    acts = advised(a.morphs, d.lexicon.acts)
    a.advice = bool(acts)
    for m in acts:
        for tok in a.tokens:
            if tok.start == m.start and not tok.covered:
                tok.covered = "lexicon"


def _short_names(a: Analysis, d: Dictionary) -> None:
    """Unused words that start a stock's name (아모레) or contract it after its group (LG디플): that stock, linked;
    their tokens used."""
    held = a.has("relations", "holds") or a.has("relations", "weight")  # 현엘 3% 초과로 들고있는: initials may name it
    for m in tx.HANGUL_WORD.finditer(a.t.text):
        if not any(m.start() <= t.start < m.end() and not t.covered and t.tag in NOMINAL_TAGS for t in a.tokens):
            continue
        k = short_name(a.t, m.start(), m.end(), a.links, d, held=held) or contracted(
            a.t, m.start(), m.end(), a.links, d
        )
        if k is None:
            continue
        kept = [x for x in a.links if not (x.start < k.end and k.start < x.end)]
        a.links[:] = sorted([*kept, k], key=lambda x: x.start)
        a.hits[:] = [h for h in a.hits if not (k.start <= h.start < k.end)]
        for x in a.tokens:
            if k.start <= x.start < k.end:
                x.covered = "entity"


def _typo_fixed(a: Analysis, d: Dictionary) -> str | None:
    """The text with each unused Hangul word that is one jamo off one lexicon phrase corrected (재일 → 제일, 편잎한 →
    편입한, 과세유헝별 → 과세유형별, 총보슈 → 총보수), or None. A jamo edit keeps every position."""
    assert d.lexicon is not None
    text, fixed = a.t.text, list(a.t.text)
    used = {p for t in a.tokens if t.covered for p in range(t.start, t.end)}
    unused_tokens = [t for t in a.tokens if not t.covered]
    for run in tx.HANGUL_WORD.finditer(text):
        s, e = run.span()
        if not any(s <= t.start < e for t in unused_tokens) or any(k.start < e and s < k.end for k in a.links):
            continue
        unused = set(range(s, e)) - used  # what no used token explains (Kiwi may leave a typo's syllable untagged)
        spans = sorted(((i, j) for i in range(s, e) for j in range(i + 2, e + 1)), key=lambda ij: ij[0] - ij[1])
        for i, j in spans:
            touched = [t for t in unused_tokens if t.start < j and i < t.end]
            if not touched or any(not (i <= t.start and t.end <= j) for t in touched):
                continue  # a correction covers an unused word, whole (무신사 is not 무+신상; 으로 is no word: not 프로)
            word = text[i:j]
            if _known_word(a, i, j):
                continue  # 종합, 자금: a word Kiwi knows well in context is no typo of 총합, 지금
            right = one_jamo_off(word, d.lexicon.masked)
            if right is not None and i + next(n for n, ch in enumerate(word) if ch != right[n]) in unused:
                fixed[i:j] = right
                break
    out = "".join(fixed)
    return out if out != text else None


KNOWN_WORD_SCORE = -12.0  # in context: 종합 -9.0, 자금 -10.5; the typos 재일 -14.2, 총보슈 and 원지재 far below


def _known_word(a: Analysis, start: int, end: int) -> bool:
    """[start, end) is one common noun Kiwi knows (scored well in context), not a typo of a lexicon phrase."""
    inside = [m for m in a.morphs if start <= m.start and m.end <= end]
    return len(inside) == 1 and inside[0].tag == "NNG" and inside[0].score > KNOWN_WORD_SCORE


def _index_words(a: Analysis, d: Dictionary) -> None:
    """Unused words that name an index the way its ETFs' names do (니프티50): linked, their tokens and numbers used."""
    for tok in a.unused():
        if tok.covered or tok.tag not in ("NNP", "NNG", "SL"):
            continue
        k = index_word(a.t, tok.start, tok.end, d)
        if k is None or any(x.start < k.end and k.start < x.end for x in a.links):
            continue
        a.links.append(k)
        a.links.sort(key=lambda x: x.start)
        a.numbers[:] = [n for n in a.numbers if not (k.start <= n.start < k.end)]
        for x in a.tokens:
            if k.start <= x.start < k.end:
                x.covered = "entity"


def _currency(t: tx.Text, k: Link) -> bool:
    """'1 trillion won', 'the won will weaken': a name spelled like a currency after an amount or 'the' is the
    currency (not the WON brand)."""
    before = t.text[: k.start]
    return t.lower[k.start : k.end] in _CURRENCY and (
        _AMOUNT_BEFORE.search(before) is not None or before.lower().endswith("the ")
    )


def _resplit(tok: Tok, text: str, d: Dictionary) -> tuple[Tok, ...]:
    """A word Kiwi took for an unknown name in context (상장이야, 일렉) analysed on its own: 상장 + 이 + 야."""
    surface = text[tok.start : tok.end]
    if len(surface) < 3 or " " in surface:
        return (tok,)
    with d.lock:
        parts = d.kiwi.tokenize(surface)
    out = tuple(
        Tok(r.form.lower(), tag, tok.start + r.start, tok.start + r.start + r.len)
        for r in parts
        if (tag := str(r.tag).split("-")[0]) in CONTENT_TAGS
    )
    return out if len(parts) > 1 and out and all(x.tag != "NNP" for x in out) else (tok,)


def _rejoin(tokens: list[Tok], d: Dictionary) -> list[Tok]:
    """Adjacent pieces Kiwi split but the lexicon has as one word (제 + 일 → 제일)."""
    assert d.lexicon is not None
    out: list[Tok] = []
    for tok in tokens:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.covered
            and not tok.covered
            and prev.end == tok.start
            and (prev.form + tok.form) in d.lexicon.index
            and prev.form not in d.lexicon.index
        ):
            out[-1] = Tok(prev.form + tok.form, "MAG", prev.start, tok.end)
            continue
        out.append(tok)
    return out


def _singular(form: str, lex) -> str:
    """'brands', 'caps': an English plural the lexicon knows only in the singular."""
    if len(form) > 3 and form.endswith("s") and form not in lex.words and form[:-1] in lex.words:
        return form[:-1]
    return form


def _match(a: Analysis, d: Dictionary) -> None:
    lex = d.lexicon
    assert lex is not None
    forms = [_singular(tok.form, lex) if tok.tag == "SL" else tok.form for tok in a.tokens]
    found: list[Hit] = []
    for i, tok in enumerate(a.tokens):
        if tok.covered == "entity" or (tok.tag == "XSN" and tok.form == "들"):  # 종목들: a plural, not 들다 (holds)
            continue
        surface = a.t.text[tok.start : tok.end]
        if tok.tag == "SL" and 3 <= len(surface) <= MAX_NAME_CAPS and surface.isupper() and tok.form not in ACRONYMS:
            continue
        for seq, entries in lex.index.get(forms[i], ()):
            n = len(seq)
            if tuple(forms[i : i + n]) == seq and not any(a.tokens[j].covered == "entity" for j in range(i, i + n)):
                for e in entries:
                    found.append(Hit(e, tok.start, a.tokens[i + n - 1].end, i, i + n - 1))
    # a hit inside a longer hit is part of that phrase, not a word of its own
    longest = [
        h
        for h in found
        if not any(o.first <= h.first and h.last <= o.last and (o.last - o.first) > (h.last - h.first) for o in found)
    ]
    a.hits = sorted(longest, key=lambda h: (h.start, h.entry.section))
    for h in a.hits:
        for j in range(h.first, h.last + 1):
            if not a.tokens[j].covered:
                a.tokens[j].covered = "lexicon"
    for tok in a.tokens:
        if not tok.covered and tok.form in lex.filler:
            tok.covered = "filler"
