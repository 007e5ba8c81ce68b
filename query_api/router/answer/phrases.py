# ruff: noqa: E501  -- template sentences (Korean and English side by side) read better unbroken
"""Phrases shared by the answers of several intents: an ETF's facts as short clauses, a sort order or a group in
words, ranking rows by a figure, and the holdings sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from query_api.router import formats as f
from query_api.router.answer.base import AnswerBase, Rows

# facts said as "<label> <value or ->": attribute -> (Korean clause start, English clause start, column)
_PLAIN_FACTS: dict[str, tuple[str, str, str]] = {
    "issuer": ("운용사는 ", "the issuer is ", "issuer_name"),
    "listing_date": ("상장일은 ", "it listed on ", "listing_date"),
    "replication": ("복제방법은 ", "replication is ", "replication"),
    "tax": ("과세유형은 ", "the tax type is ", "tax_type"),
    "english_name": ("영문명은 ", "the English name is ", "english_name"),
}

# daily figures said with their price date: attribute -> (column, Korean start, English start, value in a language)
_PRICED_FACTS: dict[str, tuple[str, str, str, Callable[[Any, str], str]]] = {
    "aum": ("market_cap_krw", "시가총액은 ", "market cap is ", lambda v, lang: f.krw_big(v, lang)),
    "price": ("close_price", "종가는 ", "the close is ", lambda v, lang: f.won(v, lang)),
    "nav": ("nav", "NAV는 ", "NAV is ", lambda v, lang: f.won(v, lang)),
    "change": ("change_pct", "등락률은 ", "the daily change is ", lambda v, lang: f.pct(v, signed=True)),
}


class PhraseMixin(AnswerBase):
    def _attribute_phrases(self, row: dict[str, Any], attributes: list[str]) -> list[str]:
        out: list[str] = []
        for attr in attributes:
            if attr in _PLAIN_FACTS:
                ko, en, column = _PLAIN_FACTS[attr]
                value = row.get(column) or "-"
                out.append(self.t(f"{ko}{value}", f"{en}{value}"))
            elif attr in _PRICED_FACTS:
                column, ko, en, render = _PRICED_FACTS[attr]
                note = self._price_note(row)
                out.append(
                    self.t(
                        f"{ko}{render(row.get(column), 'ko')}({note})", f"{en}{render(row.get(column), 'en')} ({note})"
                    )
                )
            elif attr == "fee":
                ter = f" (KOFIA TER {f.fee(row['ter_pct'])})" if row.get("ter_pct") is not None else ""
                out.append(
                    self.t(
                        f"총보수는 연 {f.fee(row.get('total_fee_pct'))}{ter}",
                        f"the total fee is {f.fee(row.get('total_fee_pct'))} a year{ter}",
                    )
                )
            elif attr == "volume":
                out.append(
                    self.t(
                        f"거래량은 {f.count(row.get('volume'))}주, 거래대금은 {f.krw_big(row.get('traded_value_krw'))}"
                        f"({self._price_note(row)})",
                        f"volume was {f.count(row.get('volume'))} units, traded value "
                        f"{f.krw_big(row.get('traded_value_krw'), 'en')} ({self._price_note(row)})",
                    )
                )
            elif attr == "return":
                out.append(
                    self.t(
                        f"수익률은 {row.get('return_from')} 종가 대비 {f.pct(row.get('return_pct'), signed=True)}"
                        f"({self._price_note(row)}, 데이터에 있는 가격 기간 기준)",
                        f"the return since {row.get('return_from')} is {f.pct(row.get('return_pct'), signed=True)} "
                        f"({self._price_note(row)}, over the price window in the data)",
                    )
                )
            elif attr == "index":
                provider = f" ({row['index_provider']})" if row.get("index_provider") else ""
                out.append(
                    self.t(
                        f"기초지수는 {row.get('index_name') or '-'}{provider}",
                        f"it tracks {row.get('index_name') or '-'}{provider}",
                    )
                )
            elif attr == "holdings_count":
                out.append(
                    self.t(
                        f"구성종목 수는 {f.count(row.get('holdings_count'))}개({self._holdings_note(row.get('holdings_date'))})",
                        f"it holds {f.count(row.get('holdings_count'))} instruments "
                        f"({self._holdings_note(row.get('holdings_date'))})",
                    )
                )
            elif attr == "leverage":
                factor = row.get("leverage_factor")
                out.append(
                    self.t(
                        f"추적배수는 {row.get('tracking_multiple') or '-'}(배수 {f.count(factor) if factor is not None else '-'})",
                        f"the tracking multiple is {row.get('tracking_multiple') or '-'} (factor {factor})",
                    )
                )
            elif attr == "market":
                out.append(
                    self.t(
                        f"기초시장은 {row.get('market') or '-'}, 기초자산은 {row.get('asset_class') or '-'}",
                        f"underlying market {row.get('market') or '-'}, asset class {row.get('asset_class') or '-'}",
                    )
                )
            elif attr == "units":
                out.append(
                    self.t(
                        f"상장좌수는 {f.count(row.get('listed_units'))}좌, CU 수량은 {f.count(row.get('cu_qty'))}좌",
                        f"{f.count(row.get('listed_units'))} units listed, CU size {f.count(row.get('cu_qty'))}",
                    )
                )
            elif attr == "isin":
                out.append(
                    self.t(
                        f"종목코드는 {row.get('ticker')}, ISIN은 {row.get('isin') or '-'}",
                        f"ticker {row.get('ticker')}, ISIN {row.get('isin') or '-'}",
                    )
                )
        if not out:
            out = self._attribute_phrases(row, ["fee", "aum", "price", "issuer", "index"])
        return out

    def _holdings_sentence(self, rows: Rows) -> str:
        first = rows[0]
        items = self._list(rows, lambda r: f"{r['instrument_name']} {f.weight(r['weight_pct'])}")
        name = self._name_of_etf(first.get("ticker"))
        return self.t(
            f"{name}의 보유종목 상위 {len(rows)}개({self._holdings_note(first.get('trade_date'))}): {items}.",
            f"Top {len(rows)} holdings of {name} ({self._holdings_note(first.get('trade_date'))}): {items}.",
        )

    def _name_of_etf(self, ticker: Any) -> str:
        for m in self.linking.mentions:
            if m.type == "etf" and m.id == ticker:
                return f"{m.name}({ticker})"
        for row in self.rows("profile"):
            if row.get("ticker") == ticker:
                return self._etf(row)
        return str(ticker)

    def _metric_text(self, row: dict[str, Any], sort: str) -> str:
        if sort.startswith("fee"):
            return self.t(f"총보수 {f.fee(row.get('total_fee_pct'))}", f"fee {f.fee(row.get('total_fee_pct'))}")
        if sort.startswith("volume"):
            return self.t(
                f"거래대금 {f.krw_big(row.get('traded_value_krw'))}",
                f"traded value {f.krw_big(row.get('traded_value_krw'), 'en')}",
            )
        if sort.startswith("listing"):
            return self.t(f"상장일 {row.get('listing_date')}", f"listed {row.get('listing_date')}")
        if sort.startswith("return"):
            return self.t(
                f"등락률 {f.pct(row.get('change_pct'), signed=True)}",
                f"change {f.pct(row.get('change_pct'), signed=True)}",
            )
        return self.t(
            f"시가총액 {f.krw_big(row.get('market_cap_krw'))}, 총보수 {f.fee(row.get('total_fee_pct'))}",
            f"market cap {f.krw_big(row.get('market_cap_krw'), 'en')}, fee {f.fee(row.get('total_fee_pct'))}",
        )

    def _order_label(self, sort: str) -> str:
        labels = {
            "fee_asc": ("총보수 낮은 순", "lowest fee first"),
            "fee_desc": ("총보수 높은 순", "highest fee first"),
            "aum_desc": ("시가총액 큰 순", "largest first"),
            "aum_asc": ("시가총액 작은 순", "smallest first"),
            "volume_desc": ("거래대금 많은 순", "most traded first"),
            "volume_asc": ("거래대금 적은 순", "least traded first"),
            "listing_desc": ("최근 상장 순", "newest first"),
            "listing_asc": ("오래된 순", "oldest first"),
            "return_desc": ("등락률 높은 순", "best daily change first"),
            "return_asc": ("등락률 낮은 순", "worst daily change first"),
        }
        ko, en = labels.get(sort, ("시가총액 큰 순", "largest first"))
        return self.t(ko, en)

    def _group_label(self) -> str:
        for kind in ("issuer", "brand", "index", "tag", "sector"):
            names = self._names(kind)
            if names:
                return names
        return self.t("조건", "the conditions")

    def _scope_label(self) -> str:
        words = []
        for kind in ("issuer", "brand", "index", "tag"):
            names = self._names(kind)
            if names:
                words.append(names)
        labels = {
            "leveraged": ("레버리지", "leveraged"),
            "inverse": ("인버스", "inverse"),
            "active": ("액티브", "active"),
            "synthetic": ("합성", "synthetic"),
            "foreign": ("해외", "foreign"),
            "domestic": ("국내", "domestic"),
            "bond": ("채권", "bond"),
            "equity": ("주식형", "equity"),
            "commodity": ("원자재", "commodity"),
            "physical": ("실물", "physical"),
            "passive": ("패시브", "passive"),
        }
        for cond in sorted(self.slots.conditions):
            if cond in labels:
                words.append(self.t(*labels[cond]))
        return " ".join(words) if words else self.t("전체", "all")

    def _pick(self, rows: Rows, metric: str) -> Rows:
        asc = self.slots.direction == "asc"
        key = {
            "fee": "total_fee_pct",
            "aum": "market_cap_krw",
            "volume": "traded_value_krw",
            "return": "return_pct",
            "change": "change_pct",
            "price": "close_price",
            "listing_date": "listing_date",
        }.get(metric)
        if key is None:
            return rows
        if metric == "fee" and self.slots.direction is None:
            asc = True
        present = [r for r in rows if r.get(key) is not None]
        # ties (many ETFs share a fee) go to the larger ETF, then the ticker
        present.sort(key=lambda r: (-(f.num(r.get("market_cap_krw")) or 0.0), str(r.get("ticker"))))
        present.sort(key=lambda r: r[key], reverse=not asc)
        return present + [r for r in rows if r.get(key) is None]

    def _plural(self) -> bool:
        low = self.linking.cue_text.lower()
        return any(w in low for w in ("들은", "들의", "들 ", "들이", "어디어디", "etfs", "각각", "씩"))

    def _sort_of(self, metric: str) -> str:
        asc = self.slots.direction == "asc" or (metric == "fee" and self.slots.direction is None)
        return {
            "fee": "fee_asc" if asc else "fee_desc",
            "aum": "aum_asc" if asc else "aum_desc",
            "volume": "volume_asc" if asc else "volume_desc",
        }.get(metric, "aum_desc")

    def _extreme_word(self, metric: str) -> str:
        asc = self.slots.direction == "asc" or (metric == "fee" and self.slots.direction is None)
        ko = {
            "fee": "총보수가 가장 " + ("낮은" if asc else "높은"),
            "aum": "시가총액이 가장 " + ("작은" if asc else "큰"),
            "volume": "거래대금이 가장 " + ("적은" if asc else "많은"),
            "return": "수익률이 가장 " + ("낮은" if asc else "높은"),
            "price": "가격이 가장 " + ("낮은" if asc else "높은"),
        }
        en = {
            "fee": "cheapest" if asc else "most expensive",
            "aum": "smallest" if asc else "largest",
            "volume": "least traded" if asc else "most traded",
            "return": "worst" if asc else "best",
            "price": "lowest priced" if asc else "highest priced",
        }
        return self.t(ko.get(metric, "대표적인"), en.get(metric, "first"))
