"""The optional LLM mode: an OpenAI-compatible chat model (ATLAS_CHAT_MODEL at ApiConfig.chat_base_url) reads a
question the deterministic parser was unsure of and answers with the query IR as JSON.

The prompt holds the IR's JSON schema (`msgspec.json.schema(ir.Query)`), the question, the deterministic parse (its
IR, the entities it linked, the words it did not use, its confidence) and the nearest few-shot examples (question →
IR). The reply is decoded with `msgspec.json.decode(..., type=ir.Query)`; it must name only entities the parse
linked (or the examples showed) — the model never invents a ticker. Anything else — unreachable model, a timeout, a
server error, text that is not JSON, JSON that is not a valid IR, an unknown entity — gives None, and the service
keeps the deterministic parse. The returned IR then goes through the same compiler as any parse.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from query_api.config import ApiConfig
from query_api.router import ir

if TYPE_CHECKING:
    from query_api.router.examples import FewShot
    from query_api.router.parse import Parsed

log = logging.getLogger("query_api.llm")

IR_SCHEMA: dict[str, Any] = msgspec.json.schema(ir.Query)

RULES = """You translate a question about Korean ETFs into one JSON object: a query in the IR whose JSON schema
follows. Reply with that JSON object only (no prose, no code fence). The node kind is the "type" field.
- Use only the entities in "mentions" (ETF tickers, stock codes, issuer/index/tag names) or in the deterministic
  parse; never invent a ticker or a code.
- "parse" is what a deterministic parser understood, "unused" the words it could not place: keep what it got
  right, use the unused words if they change the meaning.
- A figure, period, product or kind of data that the schema cannot express is {"type": "not_held", ...} with the
  words in "terms"; a forecast is {"type": "not_held", "kind": "forecast"}.
- "examples" are similar questions with their IR: follow their shapes.
JSON schema of the IR:
"""


class LlmParser:
    """Question + deterministic parse + few-shot examples → ir.Query from a chat model, or None (see module doc)."""

    def __init__(self, config: ApiConfig) -> None:
        import openai

        self.config = config
        self.client = openai.AsyncOpenAI(
            base_url=config.chat_base_url, api_key=config.chat_api_key, timeout=config.chat_timeout_s, max_retries=0
        )
        self.system = RULES + json.dumps(IR_SCHEMA, ensure_ascii=False, separators=(",", ":"))

    async def parse(self, question: str, parsed: Parsed, examples: Sequence[FewShot] = ()) -> ir.Query | None:
        """The model's IR for the question, decoded and checked; None on any failure (the caller keeps `parsed`)."""
        messages = [
            {"role": "system", "content": self.system},
            {"role": "user", "content": json.dumps(prompt(question, parsed, examples), ensure_ascii=False)},
        ]
        content = await self._chat(messages)
        if content is None:
            return None
        try:
            return decode_reply(content, known_ids(parsed, examples))
        except (msgspec.ValidationError, msgspec.DecodeError, ValueError) as exc:
            log.warning("chat model reply refused (%s); keeping the deterministic parse", str(exc)[:200])
            return None

    async def _chat(self, messages: list[dict[str, str]]) -> str | None:
        try:
            reply = await asyncio.wait_for(
                self.client.chat.completions.create(
                    model=self.config.chat_model or "",
                    messages=messages,  # type: ignore[arg-type]
                    temperature=0,
                    response_format={"type": "json_object"},
                ),
                timeout=self.config.chat_timeout_s,
            )
            return reply.choices[0].message.content or None
        except Exception as exc:  # any failure (network, timeout, HTTP status, bad body): the parse stands
            log.warning("chat model unavailable (%s); keeping the deterministic parse", repr(exc)[:200])
            return None

    async def close(self) -> None:
        await self.client.close()


def prompt(question: str, parsed: Parsed, examples: Sequence[FewShot] = ()) -> dict[str, Any]:
    """The user message: the question, the deterministic parse and the few-shot examples (question → IR)."""
    return {
        "question": question,
        "parse": {
            "query": msgspec.to_builtins(parsed.query),
            "unused": list(parsed.unused),
            "confidence": round(parsed.confidence, 2),
            "lang": parsed.lang,
        },
        "mentions": [msgspec.to_builtins(m) for m in parsed.mentions],
        "examples": [{"question": ex.question, "ir": ex.example_ir} for ex in examples if ex.example_ir],
    }


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


def decode_reply(content: str, known: set[str]) -> ir.Query:
    """A reply as ir.Query: JSON (a code fence tolerated) valid against the IR, naming only known ETFs and stocks."""
    fenced = _FENCE.match(content)
    query = msgspec.json.decode((fenced[1] if fenced else content).encode(), type=ir.Query)
    unknown = sorted(entity_ids(query) - known)
    if unknown:
        raise ValueError(f"the reply names entities the question does not: {unknown}")
    ir.intent_of(query)  # total over the IR: a shape it cannot label is refused here, not in the service
    return query


def entity_ids(query: ir.Query | dict[str, Any]) -> set[str]:
    """ETF tickers and stock codes a query names (anywhere in it, chains included)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "etf" and isinstance(node.get("ticker"), str):
                found.add(node["ticker"])
            elif node.get("type") == "stock" and isinstance(node.get("code"), str):
                found.add(node["code"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item)

    walk(query if isinstance(query, dict) else msgspec.to_builtins(query))
    return found


def known_ids(parsed: Parsed, examples: Sequence[FewShot] = ()) -> set[str]:
    """Entities the reply may name: the parse's mentions and IR, and the examples' filled IR for this question."""
    known = {m.id for m in parsed.mentions} | entity_ids(parsed.query)
    for ex in examples:
        if ex.query is not None:
            known |= entity_ids(ex.query)
    return known
