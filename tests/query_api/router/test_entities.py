"""Entity linking against a small dictionary: exact names, nicknames, brand aliases, partial names, typos' absence."""

from __future__ import annotations

import pytest

from query_api.router.entities import link
from query_api.router.normalize import normalize
from tests.query_api.router.fake_dictionary import dictionary

D = dictionary()


def mentions(question: str) -> list[tuple[str, str]]:
    return [(m.type, m.id) for m in link(normalize(question), D).mentions]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("코덱스200 수수료 얼마야?", [("etf", "069500")]),
        ("KODEX 200 보수", [("etf", "069500")]),
        ("kodex200 보수", [("etf", "069500")]),
        ("069500 종가", [("etf", "069500")]),
        ("삼전 담은 ETF", [("stock", "005930")]),
        ("하이닉스랑 삼성전자 둘 다 담은 ETF", [("stock", "000660"), ("stock", "005930")]),
        ("KODEX 200이랑 TIGER 200 비교", [("etf", "069500"), ("etf", "102110")]),
        ("코덱스 레버리지 몇 배야", [("etf", "122630")]),
        ("반도체 ETF 뭐 있어", [("tag", "반도체")]),
        ("삼성자산운용 ETF 몇 개야", [("issuer", "삼성자산운용")]),
        ("코스피200 추종 ETF", [("index", "코스피 200")]),
    ],
)
def test_links_names_nicknames_and_aliases(question: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(question) == expected


def test_longest_match_wins_over_the_brand_and_the_tag() -> None:
    assert mentions("KODEX 반도체 보수") == [("etf", "091160")]


def test_ascii_names_do_not_match_inside_other_words() -> None:
    assert ("stock", "030200") not in mentions("kodex200 보수")  # "kt" is not inside "kodex"
    assert mentions("KT 담은 ETF") == [("stock", "030200")]


def test_common_words_that_are_company_names_are_not_linked() -> None:
    assert mentions("투자 대상 ETF 알려줘") == []


def test_brand_and_part_of_a_name_resolve_to_the_shortest_matching_etf() -> None:
    assert mentions("타이거 나스닥100 시총 얼마나 돼?") == [("etf", "133690")]


def test_brand_and_condition_in_a_list_question_mean_the_brand_not_the_etf() -> None:
    linking = link(normalize("코덱스 인버스 상품들 보여줘"), D)
    assert [(m.type, m.id) for m in linking.mentions] == [("brand", "KODEX")]
    assert "인버스" in linking.cue_text


def test_english_short_names() -> None:
    assert mentions("what is the fee of KODEX Inverse") == [("etf", "114800")]


def test_masked_question_follows_the_few_shot_placeholders() -> None:
    linking = link(normalize("삼전 담은 ETF 중 보수 0.1% 이하 상위 5개"), D)
    assert linking.masked == "{STOCK} 담은 ETF 중 보수 {NUMBER}% 이하 상위 {NUMBER}개"
    assert (0.1, "%") in linking.numbers


def test_unknown_codes_and_foreign_tickers_are_reported() -> None:
    assert link(normalize("999999 ETF 알려줘"), D).unknown_codes == ["999999"]
    assert link(normalize("QQQ 보수 얼마야"), D).foreign_tickers == ["QQQ"]
    assert link(normalize("KODEX 200 NAV"), D).foreign_tickers == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("KODEX Semiconductor 총보수", [("etf", "091160")]),  # KRX writes SEMICON
        ("kodex semiconductors fee", [("etf", "091160")]),
        ("KODEX Banks total fee", [("etf", "091170")]),
        ("KODEX Secondary Battery fee", [("etf", "305720")]),
        ("TIGER Semiconductor TOP10 holdings", [("etf", "396500")]),
        ("What is the fee of TIGER S&P500?", [("etf", "360750")]),
    ],
)
def test_brand_and_english_words_name_the_etf_by_its_english_name(
    question: str, expected: list[tuple[str, str]]
) -> None:
    assert mentions(question) == expected


def test_english_words_that_match_no_english_name_leave_the_brand() -> None:
    assert mentions("KODEX Spaceship fee") == [("brand", "KODEX")]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ETFs holding Kia", [("stock", "000270")]),  # 'KIA CORPORATION' without its legal form
        ("Which ETFs hold Hyundai Motor?", [("stock", "005380")]),
        ("DB HiTek weight in KODEX 200", [("stock", "000990"), ("etf", "069500")]),
        ("기아차 담은 ETF", [("stock", "000270")]),
        ("현차 비중", [("stock", "005380")]),
    ],
)
def test_english_company_names_without_legal_forms_and_korean_nicknames(
    question: str, expected: list[tuple[str, str]]
) -> None:
    assert mentions(question) == expected


@pytest.mark.parametrize(
    ("term", "short"),
    [
        ("KIA CORPORATION", "KIA"),
        ("DB HiTek Co.,LTD", "DB HiTek"),
        ("Hanwha General Insurance Co.,Ltd.", "Hanwha General Insurance"),
        ("CHONGKUNDANG HOLDINGS CORP.", "CHONGKUNDANG HOLDINGS"),
        ("CJ Corp.", None),  # two letters left: too short to stand alone
        ("SamsungElectronics", None),  # no legal form: the alias itself is the term
        ("기아보통주", None),
    ],
)
def test_english_company_names_lose_their_legal_form(term: str, short: str | None) -> None:
    from query_api.router.entities import _english_company_name

    assert _english_company_name(term) == short


def test_english_theme_words_are_tags() -> None:
    assert mentions("semiconductor ETFs with fee under 0.3%") == [("tag", "반도체")]


def test_a_one_edit_typo_after_a_brand_still_names_the_etf() -> None:
    assert mentions("코덱스 반도채 보수") == [("etf", "091160")]
    assert mentions("kodex 반도채 보수") == [("etf", "091160")]
