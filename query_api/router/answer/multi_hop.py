# ruff: noqa: E501  -- template sentences (Korean and English side by side) read better unbroken
"""MULTI_HOP answers: a first hop (holders, members, similar ETFs, top holding) followed by the facts
of what it found.
"""

from __future__ import annotations

from typing import Any

from query_api.router import formats as f
from query_api.router.answer.base import Rows
from query_api.router.answer.phrases import PhraseMixin


class MultiHopAnswers(PhraseMixin):
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
            return self._best_by_metric(
                self._pick(merged, metric),
                metric,
                (f"{etf}과(와) 비슷한 ETF", f"Among ETFs similar to {etf}"),
                ("비교", "Compared"),
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
        return self._best_by_metric(
            ranked,
            metric,
            (f"{group} ETF {len(profiles)}개", f"Of {len(profiles)} {group} ETFs"),
            ("순서", "Ranking"),
        )

    def _best_by_metric(self, ranked: Rows, metric: str, scope: tuple[str, str], list_label: tuple[str, str]) -> str:
        """The first of `ranked` with its figure, then the top five: '<scope> 중 <extreme> 것은 <ETF>입니다(…)'."""
        best = ranked[0]
        word = self._extreme_word(metric)
        items = self._list(
            ranked, lambda r: f"{self._etf(r)} " + ", ".join(self._attribute_phrases(r, [metric])), limit=5
        )
        return self.t(
            f"{scope[0]} 중 {word} 것은 {self._etf(best)}입니다("
            + ", ".join(self._attribute_phrases(best, [metric]))
            + f"). {list_label[0]}: {items}.",
            f"{scope[1]}, {self._etf(best)} is the {word} ("
            + "; ".join(self._attribute_phrases(best, [metric]))
            + f"). {list_label[1]}: {items}.",
        )
