# ruff: noqa: E501  -- template sentences (Korean and English side by side) read better unbroken
"""COMPARISON answers: ETFs, stocks or issuers side by side."""

from __future__ import annotations

from query_api.router import formats as f
from query_api.router.answer.phrases import PhraseMixin


class ComparisonAnswers(PhraseMixin):
    def _compare_etfs(self) -> str:
        rows = self.rows("profile")
        if len(rows) < 2:
            return self._missing()
        attrs = [a for a in self.slots.attributes if a not in ("weight", "holdings", "sector")] or [
            "fee",
            "aum",
            "price",
        ]
        parts = [f"{self._etf(r)}: " + ", ".join(self._attribute_phrases(r, attrs)) for r in rows]
        text = " / ".join(parts) + "."
        metric = next((a for a in attrs if a in ("fee", "aum", "price", "volume", "return", "nav", "change")), None)
        if metric:
            key = {
                "fee": "total_fee_pct",
                "aum": "market_cap_krw",
                "price": "close_price",
                "volume": "traded_value_krw",
                "return": "return_pct",
                "nav": "nav",
                "change": "change_pct",
            }[metric]
            valued = [r for r in rows if r.get(key) is not None]
            if len(valued) >= 2:
                low, high = min(valued, key=lambda r: r[key]), max(valued, key=lambda r: r[key])
                label_ko = {
                    "fee": "총보수",
                    "aum": "시가총액",
                    "price": "가격",
                    "volume": "거래대금",
                    "return": "수익률",
                    "nav": "NAV",
                    "change": "등락률",
                }[metric]
                if low[key] == high[key]:
                    text += self.t(f" {label_ko}는 같습니다.", f" Their {metric} is the same.")
                elif metric == "fee":
                    text += self.t(
                        f" 총보수는 {self._etf(low)}이(가) 더 낮습니다.", f" {self._etf(low)} has the lower fee."
                    )
                else:
                    text += self.t(
                        f" {label_ko}는 {self._etf(high)}이(가) 더 큽니다.",
                        f" {self._etf(high)} has the higher {metric}.",
                    )
        weights = self.rows("weights")
        if self.linking.ids("stock"):
            stock = self._names("stock")
            held = {r["ticker"]: r for r in weights}
            ws = ", ".join(
                f"{self._etf(r)} {f.weight(held[r['ticker']]['weight_pct']) if r['ticker'] in held else self.t('미보유', 'not held')}"
                for r in rows
            )
            text += self.t(f" {stock} 비중: {ws}.", f" Weight of {stock}: {ws}.")
        overlap = self.rows("overlap")
        if overlap and overlap[0].get("overlap_pct") is not None:
            o = overlap[0]
            common = [r["instrument_name"] for r in overlap if r.get("instrument_name")]
            text += self.t(
                f" 두 ETF의 보유종목 겹침은 {f.weight(o['overlap_pct'])}(공통 {f.count(o['common_count'])}종목"
                + (f", 주요 공통 종목: {', '.join(common[:3])}" if common else "")
                + ")입니다.",
                f" Their holdings overlap by {f.weight(o['overlap_pct'])} ({f.count(o['common_count'])} in common"
                + (f"; largest common: {', '.join(common[:3])}" if common else "")
                + ").",
            )
        return text

    def _compare_stocks(self) -> str:
        rows = self.rows("holder_count")
        if not rows:
            return self._missing()
        parts = [
            self.t(
                f"{r['name']}({r['code']})는 {f.count(r['holder_count'])}개 ETF가 보유(평균 비중 {f.weight(r['avg_weight_pct'])})",
                f"{r['name']} ({r['code']}) is held by {f.count(r['holder_count'])} ETFs (average weight {f.weight(r['avg_weight_pct'])})",
            )
            for r in rows
        ]
        best = max(rows, key=lambda r: r["holder_count"] or 0)
        return self.t(
            f"{self._holdings_note(rows[0].get('trade_date'))}: "
            + ", ".join(parts)
            + f". 더 많은 ETF가 담은 종목은 {best['name']}입니다.",
            f"{self._holdings_note(rows[0].get('trade_date'))}: "
            + "; ".join(parts)
            + f". {best['name']} is held by more ETFs.",
        )

    def _compare_issuers(self) -> str:
        rows = self.rows("issuer_stats")
        if not rows:
            return self._missing()
        parts = [
            self.t(
                f"{r['name']}: 상장 ETF {f.count(r['etf_count'])}개, 평균 총보수 {f.fee(r['avg_fee_pct'])}, "
                f"시가총액 합계 {f.krw_big(r['total_market_cap_krw'])}",
                f"{r['name']}: {f.count(r['etf_count'])} listed ETFs, average fee {f.fee(r['avg_fee_pct'])}, "
                f"total market cap {f.krw_big(r['total_market_cap_krw'], 'en')}",
            )
            for r in rows
        ]
        best = max(rows, key=lambda r: r["etf_count"] or 0)
        note = (
            self.t(f"{rows[0]['price_date']} 기준", f"as of {rows[0]['price_date']}")
            if rows[0].get("price_date")
            else ""
        )
        return self.t(
            " / ".join(parts) + f" ({note}). ETF 수는 {best['name']}이(가) 더 많습니다.",
            " / ".join(parts) + f" ({note}). {best['name']} has more ETFs.",
        )
