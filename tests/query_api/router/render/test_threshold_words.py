"""A weight threshold is said as the question put it: 미만 / under, 이하 / at most, 초과 / more than, 이상."""

from __future__ import annotations

import pytest

from query_api.router import ir
from query_api.router.render.words import OP_WORDS, RenderCtx, describe, threshold


@pytest.mark.parametrize(
    ("op", "ko", "en"),
    [
        (ir.Op.LT, "5.00% 미만", "under 5.00%"),
        (ir.Op.LE, "5.00% 이하", "at most 5.00%"),
        (ir.Op.GT, "5.00% 초과", "more than 5.00%"),
        (ir.Op.GE, "5.00% 이상", "at least 5.00%"),
        (None, "5.00% 이상", "at least 5.00%"),
    ],
)
def test_threshold_says_the_operator_asked(op: ir.Op | None, ko: str, en: str) -> None:
    assert threshold(op, "5.00%", RenderCtx(lang="ko")) == ko
    assert threshold(op, "5.00%", RenderCtx(lang="en")) == en


def test_every_operator_has_words() -> None:
    assert set(OP_WORDS) == set(ir.Op)


def test_a_holds_below_constraint_is_described_as_below() -> None:
    etfs = ir.EtfSet((ir.HoldsStock(ir.StockNamed("035720"), op=ir.Op.LT, weight=5.0),))
    text = describe(etfs, RenderCtx(lang="ko", names={"035720": "카카오"}))
    assert "미만" in text and "이상" not in text
