"""Lexicon phrases analysed into morpheme-form sequences, and matched against a question's tokens."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from query_api.router import lexicon

# Morpheme tags that carry content (everything else — particles, endings, punctuation — is grammar).
CONTENT_TAGS = {
    "NNG",
    "NNP",
    "NNB",
    "NR",
    "NP",
    "VV",
    "VA",
    "VX",
    "MAG",
    "MM",
    "XR",
    "XSN",
    "SL",
    "SH",
    "SN",
    "XPN",
    "W_SERIAL",
    "W_HASHTAG",
    "VCN",
    "XSV",
}
NO_TYPOS = {
    "open",
    "open_weak",
    "forecast",
    "intraday",
    "list",
    "enumerate",
    "every",
}  # sections a typo is not corrected to
NOMINAL_TAGS = {"NNG", "NNP", "SL", "SH", "XR"}


@dataclass(frozen=True)
class Entry:
    section: str  # measures, dims, comparators, ...
    key: str  # the IR value: a Measure, an Op, an Agg, a window ..., or an index into a list section


@dataclass
class Lexicon:
    raw: dict[str, Any]
    # first form → [(forms, entries)], longest first
    index: dict[str, list[tuple[tuple[str, ...], list[Entry]]]] = field(default_factory=lambda: defaultdict(list))
    filler: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # every form of every phrase ('cap' of 'market cap')
    # Hangul phrases as written, spaces removed, by the phrase with one syllable masked: typo lookups (typos.py)
    masked: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    acts: frozenset[str] = frozenset()  # investing verbs, as Kiwi's lemmas (modality.py)

    def add_surface(self, phrase: str) -> None:
        word = "".join(phrase.split())
        if len(word) >= 2 and all("가" <= ch <= "힣" for ch in word):
            for i in range(len(word)):
                self.masked[word[:i] + "*" + word[i + 1 :]].add(word)

    def add(self, forms: tuple[str, ...], entry: Entry) -> None:
        if not forms:
            return
        bucket = self.index[forms[0]]
        for seq, entries in bucket:
            if seq == forms:
                if entry not in entries:
                    entries.append(entry)
                return
        bucket.append((forms, [entry]))
        self.words.update(forms)
        bucket.sort(key=lambda b: -len(b[0]))


def phrase_forms(kiwi: Any, phrase: str) -> set[tuple[str, ...]]:
    """The content-form sequences a phrase matches: Kiwi's analysis, and the phrase's words as written."""
    out = {tuple(w for w in phrase.lower().split() if w)}
    tokens = kiwi.tokenize(phrase)
    content = [t for t in tokens if _tag(t.tag) in CONTENT_TAGS]
    if content and content[0].start == 0:  # 마다 → 마/IC 다/MAG: an analysis that drops the start is not the phrase
        out.add(tuple(t.form.lower() for t in content))
    return out


def _tag(tag: object) -> str:
    return str(tag).split("-")[0]


def compile_lexicon(kiwi: Any) -> Lexicon:
    raw = lexicon.load()
    lex = Lexicon(raw, acts=frozenset(str(w) for w in raw["invest_acts"]))

    def add_all(phrases: list[str], entry: Entry) -> None:
        for phrase in phrases:
            for forms in phrase_forms(kiwi, str(phrase)):
                lex.add(forms, entry)
            if entry.section not in NO_TYPOS:
                lex.add_surface(str(phrase))

    for section in (
        "measures",
        "stock_measures",
        "dims",
        "comparators",
        "aggregates",
        "directions",
        "relations",
        "changes",
        "windows",
        "relative_days",
        "units",
        "signs",
    ):
        for key, phrases in raw[section].items():
            add_all(phrases, Entry(section, str(key)))
    for section in (
        "group_markers",
        "superlatives",
        "open",
        "open_weak",
        "forecast",
        "intraday",
        "compare",
        "enumerate",
        "every",
        "list",
        "low_words",
    ):
        add_all(raw[section], Entry(section, section))
    for i, item in enumerate(raw["implied_sorts"]):
        add_all(item["words"], Entry("implied_sorts", str(i)))
    for i, item in enumerate(raw["qualifiers"]):
        add_all(item["words"], Entry("qualifiers", str(i)))
    for phrase in raw["filler"]:
        for forms in phrase_forms(kiwi, str(phrase)):
            if len(forms) == 1:
                lex.filler.add(forms[0])
            else:  # 'asset management': a phrase of no content covers its words as a hit no section reads
                lex.add(forms, Entry("filler", "filler"))
        lex.filler.add(str(phrase).lower())
    return lex
