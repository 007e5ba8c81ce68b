"""The dictionary's lookups agree with the scans they replace (every term, every brand's ETFs)."""

from __future__ import annotations

from query_api.router.parse import Dictionary
from query_api.router.parse.text import squash


def test_terms_starting_is_the_sorted_scan(small_dictionary: Dictionary) -> None:
    d = small_dictionary
    for prefix in ("", "k", "kodex", "kodex200", "코덱스", "삼성", "tiger미국", "없는이름", *list(d.terms)[:50]):
        assert d.terms_starting(prefix) == sorted(t for t in d.terms if t.startswith(prefix))


def test_brand_etfs_starting_is_the_scan_by_name(small_dictionary: Dictionary) -> None:
    d = small_dictionary
    for brand, etfs in d.brand_etfs.items():
        for prefix in ("", *(rest[:n] for rest, _, _ in etfs for n in (1, 2, 4))):
            scan = [e for e in etfs if e[0].startswith(prefix)]
            assert sorted(d.brand_etfs_starting(brand, prefix)) == sorted(scan)
            assert [e[0] for e in d.brand_etfs_starting(brand, prefix)] == sorted(e[0] for e in scan)
    assert d.brand_etfs_starting("nobrand", "") == []


def test_heads_and_spans_find_every_term_in_a_text(small_dictionary: Dictionary) -> None:
    d = small_dictionary
    text, _ = squash("kodex200이랑 타이거 미국나스닥100 삼성전자 sk하이닉스 비중")
    every = {(i, j) for i in range(len(text)) for j in range(i + 2, len(text) + 1) if text[i:j] in d.terms}
    indexed = set()
    for i in range(len(text) - 1):
        if text[i : i + 2] in d.heads:
            indexed |= {(i, i + n) for n in (2, 3) if i + n <= len(text) and text[i : i + n] in d.terms}
            found = (i + n for n in d.spans.get(text[i : i + 4], ()) if i + n <= len(text))
            indexed |= {(i, j) for j in found if text[i:j] in d.terms}
    assert every and indexed == every


def test_listed_indexes_containing_is_the_scan(small_dictionary: Dictionary) -> None:
    d = small_dictionary
    pieces = {
        "",
        "0",
        "kodex",
        "나스닥",
        "200",
        "없는",
        *(name[i : i + n] for name in d.listed_names for i in (0, 3) for n in (2, 5)),
    }
    for piece in pieces:
        assert d.listed_indexes_containing(piece) == [i for name, i in d.listed_names.items() if piece in name]
