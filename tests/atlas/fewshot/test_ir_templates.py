"""The few-shot examples' IR templates: every `ir` decodes to `ir.Query` once its slots are filled with the
example's entities, its intent (derived from the shape) is the example's, and the slot filling keeps types."""

from __future__ import annotations

import json
from datetime import date

import msgspec
import pytest

from atlas.fewshot import Example, load_examples
from atlas.fewshot.ir_template import SlotError, fill_slots, placeholders
from query_api.router import ir

EXAMPLES = load_examples()


def decoded(example: Example) -> ir.Query:
    assert example.ir is not None, example.id
    filled = fill_slots(example.ir, example.entities)
    return msgspec.json.decode(json.dumps(filled), type=ir.Query)


@pytest.mark.parametrize("example", EXAMPLES, ids=[ex.id for ex in EXAMPLES])
def test_every_ir_decodes_and_has_the_example_intent(example: Example) -> None:
    query = decoded(example)
    assert ir.intent_of(query) == example.intent
    assert not placeholders(msgspec.to_builtins(query)), "a placeholder survived the filling"


@pytest.mark.parametrize("example", EXAMPLES, ids=[ex.id for ex in EXAMPLES])
def test_the_filled_ir_compiles_like_any_parse(example: Example) -> None:
    """The compiler the service uses accepts every example's IR."""
    from query_api.router.compile import Ctx, compile_query

    day = date(2025, 12, 1)
    statements = compile_query(decoded(example), Ctx(graph_as_of=day, latest_holdings=day))
    assert statements or example.intent == "NEGATIVE"


def test_filled_values_are_the_entities_with_their_types() -> None:
    by_id = {ex.id: ex for ex in EXAMPLES}
    top_n = decoded(by_id["rel-holdings-top-n"])
    assert isinstance(top_n, ir.Holdings) and top_n.limit == 5 and top_n.etf == ir.EtfNamed("305720")
    fee = decoded(by_id["filter-fee-at-most"])
    assert isinstance(fee, ir.ListEtfs)
    assert fee.etfs.constraints == (ir.Cond(ir.Measure.FEE, ir.Op.LE, 0.05),)
    since = decoded(by_id["filter-listed-since"])
    assert isinstance(since, ir.ListEtfs) and since.etfs.constraints[0] == ir.Listed(start=ir.date(2025, 7, 1))
    pair = decoded(by_id["cmp-kodex200-tiger200-fee"])
    assert isinstance(pair, ir.Lookup) and [e.ticker for e in pair.etfs] == ["069500", "102110"]  # type: ignore[union-attr]


def test_templates_follow_the_query_sequences() -> None:
    """One IR per distinct query sequence, refined by the question's words only where a sequence mixes measures."""
    per_sequence: dict[str, set[str]] = {}
    for ex in EXAMPLES:
        per_sequence.setdefault(json.dumps(ex.queries_json(), sort_keys=True), set()).add(json.dumps(ex.ir))
    assert len(per_sequence) >= 85 and max(len(irs) for irs in per_sequence.values()) <= 3
    assert len(set().union(*per_sequence.values())) >= 85
    assert {type(decoded(ex)) for ex in EXAMPLES} >= {
        ir.Lookup, ir.ListEtfs, ir.Aggregate, ir.Holdings, ir.Holders, ir.Similar, ir.SectorMix, ir.Overlap,
        ir.SameSector, ir.Changes, ir.Compare, ir.Explain, ir.NotHeld, ir.StockLookup,
    }  # fmt: skip


def test_fill_slots_replaces_whole_and_embedded_placeholders() -> None:
    template = {"type": "name", "term": "{term} ETF", "n": "{number}", "xs": ["{etf}", "{etf2}"], "k": 3}
    filled = fill_slots(template, {"term": "배당", "number": 0.5, "etf": "069500", "etf2": "102110"})
    assert filled == {"type": "name", "term": "배당 ETF", "n": 0.5, "xs": ["069500", "102110"], "k": 3}
    assert template["n"] == "{number}"  # the template is not changed
    assert placeholders(template) == {"term", "number", "etf", "etf2"}
    with pytest.raises(SlotError, match=r"\{stock\} has no entity"):
        fill_slots({"code": "{stock}"}, {"etf": "069500"})
