# ruff: noqa: E501  -- template sentences (Korean and English side by side) read better unbroken
"""Answers from the executed steps: template sentences in the question's language (Korean by default) with the
figures, their units and as-of dates, and the sources they came from. Numbers come from SQL rows whenever a
step has them (graph rows only decide which ETFs/stocks are involved).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from query_api.router import formats as f
from query_api.router.channels import StepRun
from query_api.router.entities import Linking
from query_api.router.planner import Plan
from query_api.router.slots import Slots

Rows = list[dict[str, Any]]

SOURCE_TABLES: dict[str, list[str]] = {
    "ask_etf_profile": ["marts.dim_etf", "marts.fct_etf_prices", "marts.fct_etf_holdings"],
    "ask_etf_top_holdings": ["marts.fct_etf_holdings"],
    "ask_stock_weights": ["marts.fct_etf_holdings", "marts.dim_etf"],
    "ask_stock_holders": ["marts.fct_etf_holdings", "marts.dim_etf"],
    "ask_stock_profile": ["marts.dim_stock", "marts.fct_etf_holdings"],
    "ask_filter_etfs": ["marts.dim_etf", "marts.fct_etf_prices", "marts.bridge_etf_tag"],
    "ask_aggregate_etfs": ["marts.dim_etf", "marts.fct_etf_prices"],
    "ask_aggregate_by_issuer": ["marts.dim_etf", "marts.fct_etf_prices"],
    "ask_most_held_stocks": ["marts.fct_etf_holdings"],
    "ask_etf_overlap": ["marts.fct_etf_holdings"],
    "ask_etf_sector_mix": ["marts.fct_etf_holdings", "marts.dim_stock"],
    "ask_etf_risk": ["marts.fct_etf_holdings", "marts.dim_stock"],
    "ask_similar_etfs": ["marts.mart_etf_overlap"],
    "ask_issuer_stats": ["marts.dim_issuer", "marts.dim_etf", "marts.fct_etf_prices"],
    "ask_holders_of_all": ["marts.fct_etf_holdings"],
    "ask_stock_holder_counts": ["marts.fct_etf_holdings", "marts.dim_stock"],
    "router_fuzzy_etfs": ["marts.mart_etf_search"],
}

GENERATED_TABLE_RE = re.compile(r"\b(marts|fewshot|events)\.(\w+)")

NOT_KNOWN_KO = (
    "데이터로 알 수 없는 것: 앞으로의 수익률과 변동성, 추적오차, 호가 스프레드 같은 유동성 위험, "
    "분배금, 운용사·거래상대방 신용 위험은 이 데이터에 없습니다."
)
NOT_KNOWN_EN = (
    "What the data cannot tell: future returns and volatility, tracking error, bid-ask liquidity, distributions, "
    "and issuer or counterparty credit risk are not in this data."
)


# Columns that carry the as-of date of a source table, in the order they are looked for.
_DATE_COLUMNS = (
    ("price_date", "price"),
    ("holdings_date", "holdings"),
    ("trade_date", "holdings"),
    ("master_as_of", "master"),
    ("as_of", "holdings"),
)


class Answer:
    def __init__(self, plan: Plan, runs: list[StepRun], linking: Linking, slots: Slots, lang: str) -> None:
        self.plan, self.runs, self.linking, self.slots, self.lang = plan, runs, linking, slots, lang
        self.ko = lang == "ko"

    def rows(self, role: str) -> Rows:
        for run in self.runs:
            if run.step.role == role:
                return run.rows
        return []

    def t(self, ko: str, en: str) -> str:
        return ko if self.ko else en

    # -- public -----------------------------------------------------------------------------------------------

    def text(self) -> str:
        builder: Callable[[], str] = getattr(self, "_" + self.plan.operation, self._fallback)
        return builder()

    def sources(self) -> list[str]:
        out: list[str] = []
        dates = self._dates()
        for run in self.runs:
            if run.step.channel == "cypher":
                when = f" (HOLDS as of {dates['holdings']})" if dates.get("holdings") else ""
                label = f"graph etf_graph{when}"
                if label not in out:
                    out.append(label)
                continue
            if run.step.channel == "vector":
                if "fewshot.examples (nearest examples)" not in out:
                    out.append("fewshot.examples (nearest examples)")
                continue
            tables = SOURCE_TABLES.get(run.step.query_name, [])
            if run.step.query_text:
                tables = [f"{schema}.{name}" for schema, name in GENERATED_TABLE_RE.findall(run.step.query_text)]
            for table in dict.fromkeys(tables):
                label = table
                if table == "marts.fct_etf_prices" and dates.get("price"):
                    label = f"{table} as of {dates['price']}"
                elif table == "marts.fct_etf_holdings" and dates.get("holdings"):
                    label = f"{table} as of {dates['holdings']}"
                elif table == "marts.dim_etf" and dates.get("master"):
                    label = f"{table} (KRX ETF master as of {dates['master']})"
                if label not in out:
                    out.append(label)
        return out

    # -- helpers ----------------------------------------------------------------------------------------------

    def _dates(self) -> dict[str, str]:
        dates: dict[str, str] = {}
        for run in self.runs:
            if not run.rows:
                continue
            # the rows of one step share their columns: look only for the date columns this step has
            keys = [(k, n) for k, n in _DATE_COLUMNS if k in run.rows[0]]
            if run.step.query_name in ("ask_filter_etfs",):
                keys = [(k, n) for k, n in keys if k != "trade_date"]
            for row in run.rows:
                if all(n in dates for _, n in keys):
                    break
                for key, name in keys:
                    value = row.get(key)
                    if isinstance(value, str) and len(value) >= 10 and name not in dates:
                        dates[name] = value[:10]
            if len(dates) == 3:  # price, holdings and master dates found: the other steps add nothing
                return dates
        return dates

    def _etf(self, row: dict[str, Any], key: str = "ticker") -> str:
        return f"{row.get('name') or row.get(key)}({row.get(key)})"

    def _names(self, kind: str) -> str:
        names = [m.name for m in self.linking.mentions if m.type == kind]
        return ", ".join(dict.fromkeys(names))

    def _price_note(self, row: dict[str, Any]) -> str:
        return self.t(f"{row['price_date']} 기준", f"as of {row['price_date']}") if row.get("price_date") else ""

    def _holdings_note(self, date: Any) -> str:
        return self.t(f"{date} 기준", f"as of {date}") if date else ""

    def _attribute_phrases(self, row: dict[str, Any], attributes: list[str]) -> list[str]:
        out: list[str] = []
        for attr in attributes:
            if attr == "fee":
                ter = f" (KOFIA TER {f.fee(row['ter_pct'])})" if row.get("ter_pct") is not None else ""
                out.append(
                    self.t(
                        f"총보수는 연 {f.fee(row.get('total_fee_pct'))}{ter}",
                        f"the total fee is {f.fee(row.get('total_fee_pct'))} a year{ter}",
                    )
                )
            elif attr == "aum":
                out.append(
                    self.t(
                        f"시가총액은 {f.krw_big(row.get('market_cap_krw'))}({self._price_note(row)})",
                        f"market cap is {f.krw_big(row.get('market_cap_krw'), 'en')} ({self._price_note(row)})",
                    )
                )
            elif attr == "price":
                out.append(
                    self.t(
                        f"종가는 {f.won(row.get('close_price'))}({self._price_note(row)})",
                        f"the close is {f.won(row.get('close_price'), 'en')} ({self._price_note(row)})",
                    )
                )
            elif attr == "nav":
                out.append(
                    self.t(
                        f"NAV는 {f.won(row.get('nav'))}({self._price_note(row)})",
                        f"NAV is {f.won(row.get('nav'), 'en')} ({self._price_note(row)})",
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
            elif attr == "change":
                out.append(
                    self.t(
                        f"등락률은 {f.pct(row.get('change_pct'), signed=True)}({self._price_note(row)})",
                        f"the daily change is {f.pct(row.get('change_pct'), signed=True)} ({self._price_note(row)})",
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
            elif attr == "issuer":
                out.append(
                    self.t(
                        f"운용사는 {row.get('issuer_name') or '-'}", f"the issuer is {row.get('issuer_name') or '-'}"
                    )
                )
            elif attr == "listing_date":
                out.append(
                    self.t(
                        f"상장일은 {row.get('listing_date') or '-'}", f"it listed on {row.get('listing_date') or '-'}"
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
            elif attr == "replication":
                out.append(
                    self.t(
                        f"복제방법은 {row.get('replication') or '-'}", f"replication is {row.get('replication') or '-'}"
                    )
                )
            elif attr == "tax":
                out.append(
                    self.t(f"과세유형은 {row.get('tax_type') or '-'}", f"the tax type is {row.get('tax_type') or '-'}")
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
            elif attr == "english_name":
                out.append(
                    self.t(
                        f"영문명은 {row.get('english_name') or '-'}",
                        f"the English name is {row.get('english_name') or '-'}",
                    )
                )
        if not out:
            out = self._attribute_phrases(row, ["fee", "aum", "price", "issuer", "index"])
        return out

    def _list(self, rows: Rows, render: Callable[[dict[str, Any]], str], limit: int = 10) -> str:
        return "; ".join(f"{i}. {render(r)}" for i, r in enumerate(rows[:limit], start=1))

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

    # -- operations -------------------------------------------------------------------------------------------

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

    _top_n = _filter

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

    def _group_label(self) -> str:
        for kind in ("issuer", "brand", "index", "tag", "sector"):
            names = self._names(kind)
            if names:
                return names
        return self.t("조건", "the conditions")

    def _holders_of_all(self) -> str:
        rows = self.rows("holders_all")
        stocks = self.t(" 와 ", " and ").join(dict.fromkeys(m.name for m in self.linking.mentions if m.type == "stock"))
        if not rows:
            return self.t(
                f"{stocks}을(를) 모두 보유한 ETF는 데이터에 없습니다.", f"No ETF in the data holds all of {stocks}."
            )
        names = {m.id: m.name for m in self.linking.mentions if m.type == "stock"}

        def render(r: dict[str, Any]) -> str:
            ws = ", ".join(f"{names.get(code, code)} {f.weight(w)}" for code, w in (r.get("weights") or {}).items())
            return f"{self._etf(r)} ({ws})"

        items = self._list(rows, render)
        return self.t(
            f"{stocks}을(를) 모두 보유한 ETF({self._holdings_note(rows[0].get('trade_date'))}), 비중 합 순: {items}.",
            f"ETFs holding all of {stocks} ({self._holdings_note(rows[0].get('trade_date'))}): {items}.",
        )

    def _group_stock_weight(self) -> str:
        rows = self.rows("weights")
        stock, group = self._names("stock"), self._group_label()
        if not rows:
            return self.t(
                f"{group} ETF 중 {stock}을(를) 보유한 ETF는 데이터에 없습니다.",
                f"No {group} ETF in the data holds {stock}.",
            )
        if self.slots.direction == "asc":
            rows = sorted(rows, key=lambda r: f.num(r.get("weight_pct")) or 0)
        best = rows[0]
        items = self._list(rows, lambda r: f"{self._etf(r)} {f.weight(r['weight_pct'])}", limit=5)
        return self.t(
            f"{group} ETF 중 {stock} 비중이 가장 {'낮은' if self.slots.direction == 'asc' else '높은'} 것은 "
            f"{self._etf(best)}로 {f.weight(best['weight_pct'])}입니다({self._holdings_note(best.get('trade_date'))}). "
            f"보유 ETF {len(rows)}개: {items}.",
            f"Among {group} ETFs, {self._etf(best)} has the {'lowest' if self.slots.direction == 'asc' else 'highest'} "
            f"weight in {stock}: {f.weight(best['weight_pct'])} ({self._holdings_note(best.get('trade_date'))}). "
            f"{len(rows)} hold it: {items}.",
        )

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

    def _holders_then_facts(self) -> str:
        profiles = {r["ticker"]: r for r in self.rows("profile")}
        weights = self.rows("weights")
        stock = self._names("stock")
        if not weights:
            return self.t(f"{stock}을(를) 보유한 ETF가 데이터에 없습니다.", f"No ETF in the data holds {stock}.")
        metric = self.plan.focus.get("pick", "weight")
        by_weight = metric == "weight"
        merged = [{**profiles.get(w["ticker"], {}), **w} for w in weights]
        if by_weight:
            ranked = sorted(merged, key=lambda r: f.num(r.get("weight_pct")) or 0, reverse=True)
            best = ranked[0]
            attrs = [a for a in self.slots.attributes if a not in ("weight", "holdings")]
            facts = self._attribute_phrases(best, attrs) if attrs else self._attribute_phrases(best, ["issuer", "fee"])
            if self._plural() and attrs:
                items = self._list(
                    ranked,
                    lambda r: (
                        f"{self._etf(r)} 비중 {f.weight(r['weight_pct'])}, "
                        + ", ".join(self._attribute_phrases(r, attrs))
                    ),
                    limit=5,
                )
                return self.t(
                    f"{stock} 비중이 높은 ETF({self._holdings_note(best.get('trade_date'))}): {items}.",
                    f"ETFs with the largest weights in {stock} "
                    f"({self._holdings_note(best.get('trade_date'))}): {items}.",
                )
            return self.t(
                f"{stock} 비중이 가장 높은 ETF는 {self._etf(best)}로 비중 {f.weight(best['weight_pct'])}"
                f"({self._holdings_note(best.get('trade_date'))})이며, " + ", ".join(facts) + "입니다.",
                f"The ETF with the largest weight in {stock} is {self._etf(best)} ({f.weight(best['weight_pct'])}, "
                f"{self._holdings_note(best.get('trade_date'))}); " + "; ".join(facts) + ".",
            )
        ranked = self._pick(merged, metric)
        best = ranked[0]
        facts = self._attribute_phrases(best, [metric])
        items = self._list(ranked, lambda r: f"{self._etf(r)} {self._metric_text(r, self._sort_of(metric))}", limit=5)
        word = self._extreme_word(metric)
        return self.t(
            f"{stock}을(를) 보유한 ETF {len(merged)}개 중 {word} 것은 {self._etf(best)}로 "
            + ", ".join(facts)
            + f"입니다(비중 {f.weight(best.get('weight_pct'))}). 순서: {items}.",
            f"Of the {len(merged)} ETFs holding {stock}, {self._etf(best)} is the {word}: "
            + "; ".join(facts)
            + f" (weight {f.weight(best.get('weight_pct'))}). Ranking: {items}.",
        )

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

    def _top_holding_then_holders(self) -> str:
        top = self.rows("top_holdings")
        holders = self.rows("holders")
        etf = self._names("etf")
        if not top:
            return self._missing()
        t0 = top[0]
        etf_ids = set(self.linking.ids("etf"))
        others = [r for r in holders if r.get("ticker") not in etf_ids][: self.slots.top_n or 5]
        items = self._list(others, lambda r: f"{self._etf(r)} {f.weight(r['weight_pct'])}")
        return self.t(
            f"{etf}의 1위 종목은 {t0['instrument_name']}(비중 {f.weight(t0['weight_pct'])}, "
            f"{self._holdings_note(t0.get('trade_date'))})이고, 이 종목 비중이 높은 다른 ETF는 {items}입니다.",
            f"The largest holding of {etf} is {t0['instrument_name']} ({f.weight(t0['weight_pct'])}, "
            f"{self._holdings_note(t0.get('trade_date'))}); other ETFs with high weights in it: {items}.",
        )

    def _holdings_then_sectors(self) -> str:
        top = self.rows("top_holdings")
        profiles = {r["code"]: r for r in self.rows("stock_profile")}
        etf = self._names("etf")
        if not top:
            return self._missing()
        groups: dict[str, list[str]] = {}
        for r in top:
            sector = (profiles.get(r["instrument_code"]) or {}).get("sector") or self.t("업종 정보 없음", "no sector")
            groups.setdefault(sector, []).append(f"{r['instrument_name']} {f.weight(r['weight_pct'])}")
        items = "; ".join(f"{s}: {', '.join(names)}" for s, names in groups.items())
        return self.t(
            f"{etf} 상위 {len(top)}개 종목의 업종({self._holdings_note(top[0].get('trade_date'))}): {items}.",
            f"Sectors of the top {len(top)} holdings of {etf} ({self._holdings_note(top[0].get('trade_date'))}): {items}.",
        )

    def _similar_then_facts(self) -> str:
        sims = self.rows("similar") or self.rows("similar_sql")
        profiles = {r["ticker"]: r for r in self.rows("profile")}
        etf = self._names("etf")
        if not sims:
            return self.t(f"{etf}과(와) 비슷한 ETF가 데이터에 없습니다.", f"No similar ETF for {etf} in the data.")
        merged = [{**s, **profiles.get(s["ticker"], {})} for s in sims]
        metric = self.plan.focus.get("pick", "overlap")
        attrs = [a for a in self.slots.attributes if a in ("fee", "aum", "issuer", "price", "volume", "index")] or [
            "fee"
        ]
        if metric in ("fee", "aum", "volume", "return", "price") and self.slots.direction:
            ranked = self._pick(merged, metric)
            best = ranked[0]
            items = self._list(
                ranked, lambda r: f"{self._etf(r)} " + ", ".join(self._attribute_phrases(r, [metric])), limit=5
            )
            return self.t(
                f"{etf}과(와) 비슷한 ETF 중 {self._extreme_word(metric)} 것은 {self._etf(best)}입니다("
                + ", ".join(self._attribute_phrases(best, [metric]))
                + f"). 비교: {items}.",
                f"Among ETFs similar to {etf}, {self._etf(best)} is the {self._extreme_word(metric)} ("
                + "; ".join(self._attribute_phrases(best, [metric]))
                + f"). Compared: {items}.",
            )
        items = self._list(merged, lambda r: f"{self._etf(r)} " + ", ".join(self._attribute_phrases(r, attrs)), limit=5)
        return self.t(f"{etf}과(와) 보유종목이 비슷한 ETF: {items}.", f"ETFs similar to {etf}: {items}.")

    def _group_then_facts(self) -> str:
        profiles = self.rows("profile")
        group = self._group_label()
        if not profiles:
            return self.t(f"{group}에 해당하는 ETF가 데이터에 없습니다.", f"No ETF in the data for {group}.")
        metric = self.plan.focus.get("pick", "aum")
        ranked = self._pick([p for p in profiles if p.get("is_listed") is not False], metric) or profiles
        best = ranked[0]
        items = self._list(
            ranked, lambda r: f"{self._etf(r)} " + ", ".join(self._attribute_phrases(r, [metric])), limit=5
        )
        return self.t(
            f"{group} ETF {len(profiles)}개 중 {self._extreme_word(metric)} 것은 {self._etf(best)}입니다("
            + ", ".join(self._attribute_phrases(best, [metric]))
            + f"). 순서: {items}.",
            f"Of {len(profiles)} {group} ETFs, {self._etf(best)} is the {self._extreme_word(metric)} ("
            + "; ".join(self._attribute_phrases(best, [metric]))
            + f"). Ranking: {items}.",
        )

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

    def _not_in_data(self) -> str:
        near = self.rows("near_etfs")
        subject = ", ".join(self.plan.focus.get("tokens") or []) or self.linking.masked
        seen: list[str] = []
        for r in near:
            label = f"{r['name']}({r['id']})"
            if label not in seen and (r.get("sim") or 0) >= 0.3:
                seen.append(label)
        suggestion = (
            self.t(f" 이름이 비슷한 ETF: {', '.join(seen[:5])}.", f" ETFs with similar names: {', '.join(seen[:5])}.")
            if seen
            else self.t(" 비슷한 이름의 ETF도 찾지 못했습니다.", " No ETF with a similar name was found either.")
        )
        return self.t(
            f"질문하신 내용({subject})은 이 데이터에 없습니다. 이 데이터는 KRX 상장 ETF의 기본정보·보수, 일별 시세, "
            f"국내 주식형 ETF의 보유종목(PDF)과 그 변화만 담고 있습니다." + suggestion,
            f"That ({subject}) is not in the data. The data covers KRX-listed ETFs' master data and fees, daily prices, "
            f"and the holdings of domestic equity ETFs with their changes." + suggestion,
        )

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

    def _holders_then_filter(self) -> str:
        rows = self.rows("filtered")
        stock = self._names("stock")
        if not rows:
            return self.t(
                f"{stock}을(를) 보유한 ETF 중 조건에 맞는 상장 ETF가 데이터에 없습니다.",
                f"No listed ETF holding {stock} matches these conditions in the data.",
            )
        weights = {r["ticker"]: r for r in self.rows("weights")}
        sort = self.plan.focus.get("sort", "aum_desc")
        total = rows[0].get("total_count", len(rows))

        def render(r: dict[str, Any]) -> str:
            w = weights.get(r["ticker"], {}).get("weight_pct")
            extra = self.t(f", 비중 {f.weight(w)}", f", weight {f.weight(w)}") if w is not None else ""
            issuer = f", {r.get('issuer_name')}" if self.slots.wants("issuer") else ""
            return f"{self._etf(r)} {self._metric_text(r, sort)}{extra}{issuer}"

        items = self._list(rows, render)
        best = rows[0]
        return self.t(
            f"{stock}을(를) 보유한 ETF 중 조건에 맞는 것은 {f.count(total)}개이고({self._order_label(sort)}), "
            f"첫 번째는 {self._etf(best)}입니다: {items}.",
            f"{f.count(total)} ETFs holding {stock} match ({self._order_label(sort)}); first is "
            f"{self._etf(best)}: {items}.",
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

    def _llm(self) -> str:
        """Rows of a generated plan when the chat model does not write the answer itself."""
        parts = []
        for number, run in enumerate(self.runs, start=1):
            rows = "; ".join(", ".join(f"{k}={v}" for k, v in row.items()) for row in run.rows[:5])
            parts.append(f"[{number}] {run.step.purpose}: {rows or self.t('결과 없음', 'no rows')}")
        return " ".join(parts)

    def _missing(self) -> str:
        return self.t("해당하는 데이터를 찾지 못했습니다.", "No matching data was found.")

    def _fallback(self) -> str:
        return self._missing()


def compose(plan: Plan, runs: list[StepRun], linking: Linking, slots: Slots, lang: str) -> tuple[str, list[str]]:
    answer = Answer(plan, runs, linking, slots, lang)
    text = answer.text()
    return (f.fix_josa(text) if lang == "ko" else text), answer.sources()
