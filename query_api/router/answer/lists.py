"""FILTER answers (and top-N rankings): the ETFs matching the conditions, in the asked order."""

from __future__ import annotations

from query_api.router import formats as f
from query_api.router.answer.phrases import PhraseMixin


class ListAnswers(PhraseMixin):
    def _filter(self) -> str:
        rows = self.rows("filtered")
        if not rows:
            return self.t(
                "조건에 맞는 상장 ETF가 데이터에 없습니다.", "No listed ETF in the data matches these conditions."
            )
        sort = self.plan.focus.get("sort", "aum_desc")
        total = rows[0].get("total_count", len(rows))
        note = self._price_note(rows[0])
        items = self._list(rows, lambda r: f"{self._etf(r)} {self._metric_text(r, sort)}", limit=len(rows))
        order = self._order_label(sort)
        return self.t(
            f"조건에 맞는 ETF는 {f.count(total)}개입니다({order}, {note}): {items}.",
            f"{f.count(total)} ETFs match ({order}, {note}): {items}.",
        )

    _top_n = _filter  # a top-N ranking reads like a filtered list
