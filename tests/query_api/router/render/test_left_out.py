"""The caveat of an answer given without some of the question's words."""

from __future__ import annotations

from query_api.eval_set import NOT_IN_DATA_MARKERS
from query_api.router.render.left_out import with_left_out


def test_no_words_left_out_leaves_the_answer_alone() -> None:
    assert with_left_out("KODEX 200 총보수 0.15%", (), "ko") == "KODEX 200 총보수 0.15%"


def test_the_words_are_named_in_the_question_language() -> None:
    ko = with_left_out("과세유형 배당소득세", ("방식",), "ko")
    en = with_left_out("tax type: dividend income tax", ("actually", "sorta"), "en")
    assert ko.startswith("과세유형 배당소득세\n") and "'방식'" in ko
    assert "'actually', 'sorta'" in en and en.startswith("tax type")


def test_a_left_out_word_is_not_claimed_absent_from_the_data() -> None:
    """The word was not understood; that is not the same as the data lacking what it names."""
    said = with_left_out("answer", ("방식",), "ko") + with_left_out("answer", ("same",), "en")
    assert not any(marker in said for marker in NOT_IN_DATA_MARKERS)


def test_a_word_asked_for_as_well_is_said_to_be_absent_from_the_data() -> None:
    """추적오차도 같이: asked for too, and no data word: the caveat says the data lacks it (and keeps the answer)."""
    ko = with_left_out("풍산 보유 ETF 4개", (), "ko", ("추적오차",))
    en = with_left_out("4 ETFs hold 풍산", ("sorta",), "en", ("tracking",))
    assert ko.startswith("풍산 보유 ETF 4개\n") and "'추적오차'" in ko
    assert any(marker in ko for marker in NOT_IN_DATA_MARKERS)
    assert "'tracking'" in en and "'sorta'" in en and any(marker in en for marker in NOT_IN_DATA_MARKERS)
