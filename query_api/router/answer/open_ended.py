# ruff: noqa: E501  -- template sentences (Korean and English side by side) read better unbroken
"""OPEN answers: a risk profile or overview from the data, never a recommendation; they say what the
data cannot tell.
"""

from __future__ import annotations

from query_api.router import formats as f
from query_api.router.answer.attributes import AttributeAnswers

NOT_KNOWN_KO = (
    "데이터로 알 수 없는 것: 앞으로의 수익률과 변동성, 추적오차, 호가 스프레드 같은 유동성 위험, "
    "분배금, 운용사·거래상대방 신용 위험은 이 데이터에 없습니다."
)
NOT_KNOWN_EN = (
    "What the data cannot tell: future returns and volatility, tracking error, bid-ask liquidity, distributions, "
    "and issuer or counterparty credit risk are not in this data."
)


class OpenAnswers(AttributeAnswers):
    def _risk_profile(self) -> str:
        profile = (self.rows("profile") or [{}])[0]
        risk = (self.rows("risk") or [{}])[0]
        sectors = self.rows("sectors")
        if not profile:
            return self._missing()
        name = self._etf(profile)
        lines = []
        factor = f.num(profile.get("leverage_factor"))
        if profile.get("is_leveraged") or profile.get("is_inverse") or (factor is not None and factor != 1):
            kind = self.t(
                "인버스" if profile.get("is_inverse") else "레버리지",
                "inverse" if profile.get("is_inverse") else "leveraged",
            )
            lines.append(
                self.t(
                    f"레버리지/인버스: {profile.get('tracking_multiple') or kind} 상품(배수 {f.count(factor)})으로 기초지수 일간 수익률의 "
                    f"{f.count(factor)}배를 추종합니다. 기간 수익률은 배수와 다를 수 있고 손실이 커질 수 있습니다.",
                    f"Leverage/inverse: a {profile.get('tracking_multiple') or kind} product (factor {f.count(factor)}) that tracks "
                    f"{f.count(factor)}x the index's daily return; returns over longer periods can differ and losses can be larger.",
                )
            )
        else:
            lines.append(
                self.t("레버리지/인버스: 해당 없음(일반 1배 추종).", "Leverage/inverse: none (plain 1x tracking).")
            )
        if risk.get("holdings_count"):
            lines.append(
                self.t(
                    f"집중도: 구성종목 {f.count(risk['holdings_count'])}개, 상위 10개 비중 {f.weight(risk.get('top10_weight_pct'))}, "
                    f"최대 종목 {risk.get('max_weight_name')} {f.weight(risk.get('max_weight_pct'))}"
                    f"({self._holdings_note(risk.get('holdings_date'))}).",
                    f"Concentration: {f.count(risk['holdings_count'])} holdings, top 10 weigh {f.weight(risk.get('top10_weight_pct'))}, "
                    f"largest {risk.get('max_weight_name')} {f.weight(risk.get('max_weight_pct'))} "
                    f"({self._holdings_note(risk.get('holdings_date'))}).",
                )
            )
        else:
            lines.append(
                self.t(
                    "집중도: 이 ETF의 보유종목(PDF)은 데이터에 없습니다(국내 주식형 ETF만 수집).",
                    "Concentration: this ETF's holdings are not in the data (only domestic equity ETFs were collected).",
                )
            )
        if sectors:
            items = ", ".join(f"{s['sector']} {f.weight(s['weight_pct'])}" for s in sectors[:5])
            lines.append(self.t(f"업종 구성: {items}.", f"Sector mix: {items}."))
        market = profile.get("market")
        foreign = risk.get("foreign_weight_pct")
        lines.append(
            self.t(
                f"해외 노출: 기초시장 {market or '-'}, 해외 종목 비중 {f.weight(foreign) if foreign is not None else '-'}."
                + (" 환율 변동의 영향을 받을 수 있습니다." if market and "해외" in market else ""),
                f"Foreign exposure: underlying market {market or '-'}, foreign holdings {f.weight(foreign) if foreign is not None else '-'}."
                + (" Currency moves affect it." if market and "해외" in market else ""),
            )
        )
        if risk.get("derivative_weight_pct") or risk.get("short_positions"):
            lines.append(
                self.t(
                    f"파생상품: 선물·옵션·스왑 비중 {f.weight(risk.get('derivative_weight_pct'))}, 매도(음수) 포지션 {f.count(risk.get('short_positions'))}개.",
                    f"Derivatives: futures/options/swaps {f.weight(risk.get('derivative_weight_pct'))}, "
                    f"{f.count(risk.get('short_positions'))} short positions.",
                )
            )
        lines.append(
            self.t(
                f"비용: 총보수 연 {f.fee(profile.get('total_fee_pct'))}, 복제방법 {profile.get('replication') or '-'}"
                + (", 액티브 운용" if profile.get("is_active") else "")
                + ".",
                f"Cost: total fee {f.fee(profile.get('total_fee_pct'))} a year, replication {profile.get('replication') or '-'}"
                + (", actively managed" if profile.get("is_active") else "")
                + ".",
            )
        )
        head = self.t(f"{name}의 투자위험을 데이터로 보면:", f"Risk profile of {name} from the data:")
        return head + " " + " ".join(f"- {line}" for line in lines) + " " + self.t(NOT_KNOWN_KO, NOT_KNOWN_EN)

    def _stock_overview(self) -> str:
        text = self._stock_attribute()
        holders = self.rows("holders") or []
        if holders:
            items = self._list(
                holders, lambda r: f"{self._etf(r)} {f.weight(r.get('weight_pct', r.get('weight')))}", limit=5
            )
            text += self.t(f" 비중이 높은 ETF: {items}.", f" ETFs with the largest weights: {items}.")
        return (
            text
            + " "
            + self.t(
                "주가 전망, 재무제표, 밸류에이션은 이 데이터에 없습니다.",
                "Price outlook, financial statements and valuation are not in this data.",
            )
        )

    def _open_list(self) -> str:
        rows = self.rows("filtered")
        sort = self.plan.focus.get("sort", "aum_desc")
        head = self.t(
            "특정 상품을 추천할 수는 없지만, 데이터로 보면 ", "I cannot recommend a product, but from the data "
        )
        if not rows:
            return (
                head
                + self.t("조건에 맞는 상장 ETF가 없습니다. ", "no listed ETF matches. ")
                + self.t(NOT_KNOWN_KO, NOT_KNOWN_EN)
            )
        total = rows[0].get("total_count", len(rows))
        items = self._list(rows, lambda r: f"{self._etf(r)} " + self._metric_text(r, "aum_desc"))
        scope = self._scope_label()
        return (
            head
            + self.t(
                f"{scope} 상장 ETF {f.count(total)}개 중 {self._order_label(sort)}으로: {items}. "
                "고를 때는 총보수, 규모(시가총액), 레버리지·인버스 여부, 상위 종목 집중도를 비교해 보세요. ",
                f"of {f.count(total)} listed {scope} ETFs, {self._order_label(sort)}: {items}. "
                "Compare fees, size, leverage/inverse and the concentration of the top holdings. ",
            )
            + self.t(NOT_KNOWN_KO, NOT_KNOWN_EN)
        )
