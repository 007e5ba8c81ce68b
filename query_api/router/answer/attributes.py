# ruff: noqa: E501  -- template sentences (Korean and English side by side) read better unbroken
"""ATTRIBUTE answers: the facts of an ETF or a stock, and a stock's weight in an ETF."""

from __future__ import annotations

from query_api.router import formats as f
from query_api.router.answer.phrases import PhraseMixin


class AttributeAnswers(PhraseMixin):
    def _etf_attribute(self) -> str:
        rows = self.rows("profile")
        if not rows:
            return self._missing()
        attrs = [a for a in self.slots.attributes if a not in ("holdings", "weight", "sector")]
        parts = []
        for row in rows:
            phrases = self._attribute_phrases(row, attrs) if attrs or not self.slots.wants("holdings") else []
            if phrases:
                parts.append(
                    self.t(
                        f"{self._etf(row)}의 " + ", ".join(phrases) + "입니다.",
                        f"For {self._etf(row)}, " + "; ".join(phrases) + ".",
                    )
                )
        top = self.rows("top_holdings")
        if top:
            parts.append(self._holdings_sentence(top))
        return " ".join(parts)

    def _etf_stock_weight(self) -> str:
        rows = self.rows("weights")
        stock = self._names("stock")
        if not rows:
            etfs = self._names("etf")
            return self.t(
                f"{etfs}은(는) 데이터의 최신 보유내역 기준으로 {stock}을(를) 보유하고 있지 않습니다.",
                f"{etfs} does not hold {stock} in the latest holdings in the data.",
            )
        parts = [
            self.t(
                f"{self._etf(r)}에서 {r['instrument_name']} 비중은 {f.weight(r['weight_pct'])}입니다"
                f"({self._holdings_note(r['trade_date'])}, {f.count(r.get('shares'))}주/CU).",
                f"{r['instrument_name']} is {f.weight(r['weight_pct'])} of {self._etf(r)} "
                f"({self._holdings_note(r['trade_date'])}, {f.count(r.get('shares'))} shares per CU).",
            )
            for r in rows
        ]
        return " ".join(parts)

    def _stock_attribute(self) -> str:
        rows = self.rows("stock_profile")
        if not rows:
            return self._missing()
        parts = []
        for r in rows:
            market = r.get("market") or self.t("시장 구분 없음", "no market")
            sector = r.get("sector") or self.t("업종 정보 없음", "no sector in the data")
            parts.append(
                self.t(
                    f"{r['name']}({r['code']})는 {market} 종목이고 업종은 {sector}입니다. "
                    f"{self._holdings_note(r.get('holdings_date'))} {f.count(r.get('holder_count'))}개 ETF가 보유하고 있습니다.",
                    f"{r['name']} ({r['code']}) trades on {market}; sector: {sector}. "
                    f"{f.count(r.get('holder_count'))} ETFs hold it ({self._holdings_note(r.get('holdings_date'))}).",
                )
            )
        return " ".join(parts)
