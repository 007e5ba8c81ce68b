"""RELATION answers: holders of a stock, an ETF's holdings, sectors and look-alikes, a group's ETFs,
stocks of the same sector.
"""

from __future__ import annotations

from query_api.router import formats as f
from query_api.router.answer.phrases import PhraseMixin


class RelationAnswers(PhraseMixin):
    def _same_sector(self) -> str:
        rows = self.rows("same_sector")
        stock = self._names("stock")
        if not rows:
            return self.t(
                f"{stock}과(와) 같은 업종의 다른 종목이 데이터에 없습니다.",
                f"No other stock in {stock}'s sector in the data.",
            )
        sector = rows[0].get("sector")
        total = len(self.rows("same_sector_graph")) or len(rows)
        items = self._list(
            rows,
            lambda r: self.t(
                f"{r['name']}({r['code']}, ETF {f.count(r['holder_count'])}개 보유)",
                f"{r['name']} ({r['code']}, held by {f.count(r['holder_count'])} ETFs)",
            ),
        )
        return self.t(
            f"{stock}의 업종은 {sector}이며, 같은 업종 종목은 {f.count(total)}개입니다. ETF가 많이 담은 순: {items}.",
            f"{stock} is in {sector}; {f.count(total)} other stocks share it. Most held by ETFs: {items}.",
        )

    def _stock_holders(self) -> str:
        weights = self.rows("weights") or self.rows("holders")
        count_rows = self.rows("holder_count")
        stock = self._names("stock")
        if not weights:
            return self.t(f"{stock}을(를) 보유한 ETF가 데이터에 없습니다.", f"No ETF in the data holds {stock}.")
        total = count_rows[0]["holder_count"] if count_rows else len(weights)
        date = weights[0].get("trade_date") or (count_rows[0].get("trade_date") if count_rows else None)
        items = self._list(weights, lambda r: f"{self._etf(r)} {f.weight(r.get('weight_pct', r.get('weight')))}")
        return self.t(
            f"{stock}을(를) 보유한 ETF는 {f.count(total)}개입니다({self._holdings_note(date)}). 비중 상위: {items}.",
            f"{f.count(total)} ETFs hold {stock} ({self._holdings_note(date)}). By weight: {items}.",
        )

    def _similar(self) -> str:
        rows = self.rows("similar_sql") or self.rows("similar")
        etf = self._names("etf")
        if not rows:
            return self.t(
                f"{etf}과(와) 보유종목이 겹치는 ETF가 데이터에 없습니다.", f"No ETF in the data overlaps with {etf}."
            )
        items = self._list(
            rows,
            lambda r: self.t(
                f"{self._etf(r)} 겹침 {f.weight(r.get('overlap_pct', r.get('overlap')))}"
                + (f"(공통 {f.count(r['common_count'])}종목)" if r.get("common_count") is not None else ""),
                f"{self._etf(r)} overlap {f.weight(r.get('overlap_pct', r.get('overlap')))}"
                + (f" ({f.count(r['common_count'])} in common)" if r.get("common_count") is not None else ""),
            ),
        )
        as_of = rows[0].get("as_of")
        return self.t(
            f"{etf}과(와) 보유종목이 가장 비슷한 ETF({self._holdings_note(as_of)}): {items}.",
            f"ETFs most similar to {etf} by holdings ({self._holdings_note(as_of)}): {items}.",
        )

    def _etf_sectors(self) -> str:
        rows = self.rows("sectors")
        etf = self._names("etf")
        if not rows:
            return self._missing()
        items = self._list(rows, lambda r: f"{r['sector']} {f.weight(r['weight_pct'])}")
        return self.t(
            f"{etf}의 업종 구성({self._holdings_note(rows[0].get('trade_date'))}, 비중 합): {items}.",
            f"Sector mix of {etf} ({self._holdings_note(rows[0].get('trade_date'))}): {items}.",
        )

    def _etf_holdings(self) -> str:
        rows = self.rows("top_holdings")
        if not rows:
            return self._missing()
        return self._holdings_sentence(rows)

    def _group_members(self) -> str:
        rows = self.rows("filtered") or self.rows("members")
        group = self._group_label()
        if not rows:
            return self.t(
                f"{group}에 해당하는 상장 ETF가 데이터에 없습니다.", f"No listed ETF in the data for {group}."
            )
        total = rows[0].get("total_count", len(rows))  # listed ETFs (the graph also keeps delisted ones)
        items = self._list(
            rows,
            lambda r: f"{self._etf(r)}" + (f" {self._metric_text(r, 'aum_desc')}" if "market_cap_krw" in r else ""),
        )
        note = self._price_note(rows[0]) if rows[0].get("price_date") else ""
        return self.t(
            f"{group} ETF는 {f.count(total)}개입니다. 시가총액 상위({note}): {items}.",
            f"{f.count(total)} ETFs for {group}. Largest ({note}): {items}.",
        )
