"""The OLD router's optional LLM planning, kept for query_api.router.pipeline until the lead removes the old router
(the new router's LLM mode is query_api.router.llm.LlmParser, which emits IR).

Optional LLM planning (ATLAS_CHAT_MODEL + an OpenAI-compatible endpoint): the model sees the schema, the linked
entities and the nearest few-shot examples, and answers with an intent and query steps. Generated SQL must pass
`sql_guard.check_select` (one SELECT over marts/fewshot/events, parameters only, LIMIT), generated Cypher must pass
`cypher_guard.check_read_only`; both then run on the read-only role like any plan. Any failure (unreachable model,
bad JSON, a refused query, a database error) falls back to the deterministic plan. A second call writes the answer
from the rows, citing them; without it the answer lists the rows.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from query_api import cypher_guard
from query_api.config import ApiConfig
from query_api.errors import ApiError
from query_api.router.channels import StepRun
from query_api.router.entities import Linking
from query_api.router.intent import INTENTS, IntentDecision, Neighbour
from query_api.router.planner import Plan, Step
from query_api.router.sql_guard import check_select

log = logging.getLogger("query_api.llm")

SCHEMA = """PostgreSQL schemas you may read (SQL): marts.dim_etf(ticker, isin, name, full_name, english_name, brand,
issuer_id, issuer_name, index_id, index_name, index_provider, tracking_multiple, leverage_factor, is_leveraged,
is_inverse, replication, is_active, asset_class, market, total_fee_pct, ter_pct, listing_date, cu_qty, listed_units,
tax_type, is_listed, master_as_of); marts.dim_issuer(issuer_id, name, brands, etf_count); marts.dim_index(index_id,
name, provider, etf_count); marts.dim_stock(code, isin, name, instrument_type, market, sector, listing_date);
marts.dim_sector(sector_id, name, stock_count); marts.dim_tag(tag, description); marts.bridge_etf_tag(etf_ticker,
tag, matched_on); marts.fct_etf_holdings(trade_date, etf_ticker, instrument_code, instrument_name, shares, value_krw,
weight_pct, is_cash); marts.fct_etf_prices(trade_date, etf_ticker, close_price, change_pct, nav, volume,
traded_value_krw, market_cap_krw, listed_units); marts.fct_holding_changes(trade_date, prev_date, etf_ticker,
instrument_code, instrument_name, change_kind, shares_delta, weight_prev, weight_curr, weight_delta);
marts.mart_etf_overlap(as_of, etf_ticker, other_ticker, overlap_pct, common_count, rank).
AGE graph etf_graph (Cypher): (ETF {ticker, name})-[:HOLDS {weight, shares, value, as_of}]->(Stock {code, name}),
(ETF)-[:MANAGED_BY]->(Issuer {issuer_id, name}), (ETF)-[:TRACKS]->(Index {index_id, name}),
(Stock)-[:IN_SECTOR]->(Sector {sector_id, name}), (ETF)-[:TAGGED]->(Tag {tag}),
(ETF)-[:SIMILAR_TO {overlap, rank}]->(ETF).
Holdings are per creation unit, weights in percent (0-100); the graph holds the latest holdings date only."""

RULES = """Reply with one JSON object: {"intent": one of %s, "steps": [{"channel": "sql" or "cypher", "purpose": str,
"query": str, "params": {name: value}, "columns": [names, cypher only]}]}.
Values never go into query text: use %%(name)s in SQL and $name in Cypher, with the values in "params".
SQL: a single SELECT over the schemas above. Cypher: read-only (no CREATE/MERGE/SET/DELETE/REMOVE), end with RETURN.
Use at most 3 steps; a later step may not refer to an earlier one. Never invent tickers or figures."""

ANSWER_RULES = """Answer the question from these rows only, in the question's language (Korean by default), with the
figures, units (%, 억원/조원, 원) and dates, and cite the step numbers in brackets like [1]. If the rows are empty,
say the data has no answer."""

MAX_STEPS = 3


class LlmPlanner:
    def __init__(self, config: ApiConfig) -> None:
        import openai

        self.config = config
        self.client = openai.AsyncOpenAI(
            base_url=config.chat_base_url, api_key=config.chat_api_key, timeout=config.chat_timeout_s, max_retries=0
        )

    async def _chat(self, messages: list[dict[str, str]], json_reply: bool) -> str | None:
        try:
            kwargs: dict[str, Any] = {"response_format": {"type": "json_object"}} if json_reply else {}
            reply = await asyncio.wait_for(
                self.client.chat.completions.create(
                    model=self.config.chat_model or "",
                    messages=messages,
                    temperature=0,
                    **kwargs,  # type: ignore[arg-type]
                ),
                timeout=self.config.chat_timeout_s,
            )
            return reply.choices[0].message.content or None
        except Exception as exc:  # any failure: the deterministic router answers
            log.warning("chat model unavailable (%s); using the deterministic plan", str(exc)[:200])
            return None

    async def plan(
        self, question: str, decision: IntentDecision, linking: Linking, neighbours: list[Neighbour]
    ) -> tuple[Plan, str] | None:
        entities = {f"{m.type}{i or ''}": m.id for i, m in enumerate(linking.mentions)}
        examples = [{"question": n.question, "intent": n.intent, "queries": n.queries} for n in neighbours if n.queries]
        messages = [
            {"role": "system", "content": SCHEMA + "\n\n" + RULES % (list(INTENTS),)},
            {
                "role": "user",
                "content": json.dumps(
                    {"question": question, "entities": entities, "rule_intent": decision.intent, "examples": examples},
                    ensure_ascii=False,
                ),
            },
        ]
        content = await self._chat(messages, json_reply=True)
        if content is None:
            return None
        try:
            return self._validate(content)
        except (ApiError, ValueError, KeyError, TypeError) as exc:
            log.warning("generated plan refused (%s); using the deterministic plan", exc)
            return None

    def _validate(self, content: str) -> tuple[Plan, str]:
        data = json.loads(content)
        intent = data["intent"]
        if intent not in INTENTS:
            raise ValueError(f"unknown intent {intent!r}")
        raw_steps = data.get("steps") or []
        if not isinstance(raw_steps, list) or len(raw_steps) > MAX_STEPS:
            raise ValueError("steps must be a list of at most 3")
        plan = Plan("llm", [])
        for raw in raw_steps:
            params = raw.get("params") or {}
            if not isinstance(params, dict) or not all(
                isinstance(v, str | int | float | bool | type(None) | list) for v in params.values()
            ):
                raise ValueError("params must map names to plain values")
            if raw["channel"] == "sql":
                query = check_select(str(raw["query"]), params)
                plan.add(Step("sql", str(raw.get("purpose") or "generated SQL"), "", params, "llm", query_text=query))
            elif raw["channel"] == "cypher":
                query = cypher_guard.check_read_only(str(raw["query"]))
                cypher_guard.check_params(params)
                columns = [str(c).lower() for c in raw.get("columns") or cypher_guard.return_columns(query)]
                plan.add(
                    Step(
                        "cypher",
                        str(raw.get("purpose") or "generated Cypher"),
                        "",
                        params,
                        "llm",
                        columns=columns,
                        limit=200,
                        query_text=query,
                    )
                )
            else:
                raise ValueError(f"unknown channel {raw.get('channel')!r}")
        return plan, intent

    async def answer(self, question: str, runs: list[StepRun]) -> str | None:
        results = [{"step": i, "purpose": r.step.purpose, "rows": r.rows[:30]} for i, r in enumerate(runs, start=1)]
        messages = [
            {"role": "system", "content": ANSWER_RULES},
            {
                "role": "user",
                "content": json.dumps({"question": question, "results": results}, ensure_ascii=False, default=str),
            },
        ]
        return await self._chat(messages, json_reply=False)

    async def close(self) -> None:
        await self.client.close()
