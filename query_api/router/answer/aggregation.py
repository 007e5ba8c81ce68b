# ruff: noqa: E501  -- template sentences (Korean and English side by side) read better unbroken
"""AGGREGATION answers: counts, averages and sums over ETFs, issuers, stocks or one ETF's holdings."""

from __future__ import annotations

from query_api.router import formats as f
from query_api.router.answer.phrases import PhraseMixin


class AggregationAnswers(PhraseMixin):
    def _stock_holder_count(self) -> str:
        rows = self.rows("holder_count")
        if not rows:
            return self._missing()
        parts = [
            self.t(
                f"{r['name']}({r['code']})을(를) 보유한 ETF는 {f.count(r['holder_count'])}개입니다"
                f"(평균 비중 {f.weight(r['avg_weight_pct'])}, {self._holdings_note(r.get('trade_date'))})",
                f"{f.count(r['holder_count'])} ETFs hold {r['name']} ({r['code']}) (average weight "
                f"{f.weight(r['avg_weight_pct'])}, {self._holdings_note(r.get('trade_date'))})",
            )
            for r in rows
        ]
        return ". ".join(parts) + "."

    def _most_held_stocks(self) -> str:
        rows = self.rows("most_held")
        if not rows:
            return self._missing()
        items = self._list(
            rows,
            lambda r: self.t(
                f"{r['instrument_name']}({r['instrument_code']}) {f.count(r['etf_count'])}개 ETF",
                f"{r['instrument_name']} ({r['instrument_code']}) in {f.count(r['etf_count'])} ETFs",
            ),
        )
        return self.t(
            f"가장 많은 ETF에 편입된 종목({self._holdings_note(rows[0].get('trade_date'))}): {items}.",
            f"Instruments held by the most ETFs ({self._holdings_note(rows[0].get('trade_date'))}): {items}.",
        )

    def _by_issuer(self) -> str:
        rows = self.rows("by_issuer")
        if not rows:
            return self._missing()
        items = self._list(
            rows,
            lambda r: self.t(
                f"{r['issuer_name']} {f.count(r['etf_count'])}개(시가총액 {f.krw_big(r['total_market_cap_krw'])}, 평균 보수 {f.fee(r['avg_fee_pct'])})",
                f"{r['issuer_name']} {f.count(r['etf_count'])} ETFs (market cap {f.krw_big(r['total_market_cap_krw'], 'en')}, "
                f"average fee {f.fee(r['avg_fee_pct'])})",
            ),
        )
        note = rows[0].get("price_date") or "-"
        return self.t(f"운용사별 상장 ETF({note} 기준): {items}.", f"Listed ETFs by issuer (as of {note}): {items}.")

    def _aggregate(self) -> str:
        rows = self.rows("aggregate")
        if not rows:
            return self._missing()
        r = rows[0]
        scope = self._scope_label()
        if self.plan.focus.get("measure") == "avg":
            return self.t(
                f"{scope} 상장 ETF {f.count(r['etf_count'])}개의 평균 총보수는 연 {f.fee(r['avg_fee_pct'])}입니다"
                f"(최저 {f.fee(r['min_fee_pct'])}, 최고 {f.fee(r['max_fee_pct'])}). "
                f"시가총액 합계는 {f.krw_big(r['total_market_cap_krw'])}({r.get('price_date') or '-'} 기준)입니다.",
                f"The average fee of the {f.count(r['etf_count'])} listed {scope} ETFs is {f.fee(r['avg_fee_pct'])} a year "
                f"(lowest {f.fee(r['min_fee_pct'])}, highest {f.fee(r['max_fee_pct'])}); total market cap "
                f"{f.krw_big(r['total_market_cap_krw'], 'en')} (as of {r.get('price_date') or '-'}).",
            )
        return self.t(
            f"{scope} 상장 ETF는 {f.count(r['etf_count'])}개입니다(평균 총보수 {f.fee(r['avg_fee_pct'])}, "
            f"시가총액 합계 {f.krw_big(r['total_market_cap_krw'])}, {r.get('price_date') or '-'} 기준).",
            f"{f.count(r['etf_count'])} ETFs are listed ({scope}; average fee {f.fee(r['avg_fee_pct'])}, "
            f"total market cap {f.krw_big(r['total_market_cap_krw'], 'en')}, as of {r.get('price_date') or '-'}).",
        )

    def _etf_sector_weights(self) -> str:
        rows = self.rows("sectors")
        etf = self._names("etf")
        if not rows:
            return self._missing()
        wanted = [m.name for m in self.linking.mentions if m.type in ("tag", "sector")]
        date = self._holdings_note(rows[0].get("trade_date"))
        if wanted:
            word = wanted[0]
            hits = [r for r in rows if word.replace(" ", "") in str(r["sector"]).replace(" ", "")]
            total = sum(f.num(r["weight_pct"]) or 0 for r in hits)
            names = ", ".join(f"{r['sector']} {f.weight(r['weight_pct'])}" for r in hits) or self.t(
                "해당 업종 없음", "none"
            )
            return self.t(
                f"{etf}에서 '{word}' 업종 비중 합은 {f.weight(total)}입니다({date}; {names}).",
                f"The '{word}' sectors weigh {f.weight(total)} in {etf} ({date}; {names}).",
            )
        items = self._list(rows, lambda r: f"{r['sector']} {f.weight(r['weight_pct'])}")
        return self.t(
            f"{etf}의 업종별 비중({date}, 비중 합): {items}.", f"Weights of {etf} by sector ({date}): {items}."
        )

    def _etf_topn_weight(self) -> str:
        rows = self.rows("topn")
        etf = self._names("etf")
        if not rows or rows[0].get("weight_sum") is None:
            return self._missing()
        r = rows[0]
        return self.t(
            f"{etf}의 상위 {f.count(r['n'])}개 종목 비중 합은 {f.weight(r['weight_sum'])}입니다"
            f"({self._holdings_note(r.get('trade_date'))}; {r.get('names')}).",
            f"The top {f.count(r['n'])} holdings of {etf} weigh {f.weight(r['weight_sum'])} in total "
            f"({self._holdings_note(r.get('trade_date'))}; {r.get('names')}).",
        )

    def _etf_holdings_count(self) -> str:
        rows = self.rows("risk")
        etf = self._names("etf")
        if not rows or not rows[0].get("holdings_count"):
            return self.t(
                f"{etf}의 보유종목은 데이터에 없습니다(국내 주식형 ETF만 수집).",
                f"The holdings of {etf} are not in the data (only domestic equity ETFs were collected).",
            )
        r = rows[0]
        return self.t(
            f"{etf}의 구성종목은 {f.count(r['holdings_count'])}개입니다(현금 제외, {self._holdings_note(r.get('holdings_date'))}). "
            f"상위 10개 비중 합은 {f.weight(r.get('top10_weight_pct'))}입니다.",
            f"{etf} holds {f.count(r['holdings_count'])} instruments (cash excluded, "
            f"{self._holdings_note(r.get('holdings_date'))}); the top 10 weigh {f.weight(r.get('top10_weight_pct'))}.",
        )
