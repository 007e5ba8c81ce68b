"""Loading and validating seeds/fewshot: the real seeds pass; each kind of mistake gets a message saying what to fix."""

from __future__ import annotations

import copy
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from atlas.fewshot import INTENTS, Channel, ExampleError, StepRef, load_examples
from atlas.fewshot.examples import PLACEHOLDERS, slot_type


def test_the_seeds_cover_every_intent() -> None:
    examples = load_examples()
    assert len(examples) >= 120
    per_intent = Counter(ex.intent for ex in examples)
    assert set(per_intent) == set(INTENTS)
    assert min(per_intent.values()) >= 12, per_intent
    english = [ex for ex in examples if re.fullmatch(r"[\x00-\x7f]+", ex.question)]
    assert 0.05 * len(examples) < len(english) < 0.5 * len(examples)


def test_the_seeds_follow_the_per_intent_rules() -> None:
    for ex in load_examples():
        channels = {step.channel for step in ex.queries}
        if ex.intent in ("MULTI_HOP", "COMPARISON"):
            assert len(ex.queries) >= 2 and channels == {Channel.SQL, Channel.CYPHER}, ex.id
        if ex.intent in ("OPEN", "NEGATIVE"):
            assert ex.answer_from, ex.id
        assert any(step.expect_empty for step in ex.queries) == (ex.intent == "NEGATIVE"), ex.id
        for slot, value in ex.entities.items():
            placeholder = PLACEHOLDERS[slot_type(slot) or ""]
            if placeholder:
                assert f"{{{placeholder}}}" in ex.masked_question, ex.id
            if isinstance(value, str):
                assert all(value not in step.query for step in ex.queries), ex.id


def test_step_references_point_at_earlier_steps() -> None:
    refs = [
        (ex.id, number, src)
        for ex in load_examples()
        for number, step in enumerate(ex.queries, start=1)
        for src in step.params.values()
        if isinstance(src, StepRef)
    ]
    assert refs, "the MULTI_HOP seeds chain steps"
    assert all(src.step < number for _id, number, src in refs)


def test_queries_json_round_trips_the_steps() -> None:
    example = next(
        ex for ex in load_examples() if any(isinstance(s, StepRef) for q in ex.queries for s in q.params.values())
    )
    steps = example.queries_json()
    assert [s["channel"] for s in steps] == [q.channel.value for q in example.queries]
    assert any(isinstance(v, dict) and set(v) == {"step", "column"} for s in steps for v in s["params"].values())


# -- malformed examples ---------------------------------------------------------------------------------------------

VALID: dict[str, Any] = {
    "id": "attr-fee-test",
    "question": "코덱스200 보수 얼마야?",
    "intent": "ATTRIBUTE",
    "entities": {"etf": "069500"},
    "masked_question": "{ETF} 보수 얼마야?",
    "ir": {"type": "lookup", "etfs": [{"type": "etf", "ticker": "{etf}"}], "measures": ["fee"]},
    "queries": [
        {
            "channel": "sql",
            "purpose": "총보수",
            "query": "select total_fee_pct from marts.dim_etf where ticker = %(etf)s",
            "params": {"etf": "etf"},
        }
    ],
}


def _write(tmp_path: Path, *examples: dict[str, Any], name: str = "x.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"examples": list(examples)}, allow_unicode=True), encoding="utf-8")
    return path


def _variant(**changes: Any) -> dict[str, Any]:
    example = copy.deepcopy(VALID)
    for key, value in changes.items():
        if value is None:
            example.pop(key)
        else:
            example[key] = value
    return example


def _step(**changes: Any) -> dict[str, Any]:
    step = copy.deepcopy(VALID["queries"][0])
    step.update(changes)
    return {k: v for k, v in step.items() if v is not None}


CYPHER_STEP = {
    "channel": "cypher",
    "purpose": "보유 ETF",
    "query": "MATCH (e:ETF)-[:HOLDS]->(s:Stock {code: $stock}) RETURN e.ticker",
    "params": {"stock": "stock"},
    "columns": ["ticker"],
}

MISTAKES = {
    "unknown intent": (_variant(intent="ATTRIBUT"), r"unknown intent 'ATTRIBUT'; expected one of ATTRIBUTE"),
    "missing queries": (_variant(queries=None), r"missing field\(s\) \['queries'\]"),
    "missing query": (_variant(queries=[_step(query=None)]), r"step 1: missing \['query'\]"),
    "typo in a field": (_variant(querys=[]), r"unknown field\(s\) \['querys'\]"),
    "literal instead of parameter": (
        _variant(queries=[_step(query="select 1 from marts.dim_etf where ticker = '069500'", params={})]),
        r"the value of etf \('069500'\) is written into the query: use a parameter",
    ),
    "placeholder missing": (
        _variant(masked_question="코덱스200 보수 얼마야?"),
        r"masked_question has 0 \{ETF\} but entities have 1",
    ),
    "unknown placeholder": (_variant(masked_question="{FUND} 보수 얼마야?"), r"unknown placeholder \{FUND\}"),
    "unknown slot": (_variant(entities={"fund": "069500"}), r"unknown entity slot 'fund'"),
    "bad ticker": (_variant(entities={"etf": "69500"}), r"an ETF is its 6-character ticker"),
    "undefined parameter": (
        _variant(queries=[_step(params={})]),
        r"query uses %\(etf\)s but `params` does not define etf",
    ),
    "unused parameter": (
        _variant(queries=[_step(params={"etf": "etf", "other": "etf"})]),
        r"`params` defines other but the query never uses it",
    ),
    "parameter names no slot": (_variant(queries=[_step(params={"etf": "ticker"})]), r"names slot 'ticker'"),
    "unused slot": (
        _variant(entities={"etf": "069500", "etf2": "102110"}, masked_question="{ETF} {ETF} 보수"),
        r"entity slot etf2 is not used",
    ),
    "literal percent": (
        _variant(queries=[_step(query="select 1 from marts.dim_etf where name like '%200' and ticker = %(etf)s")]),
        r"must be written %%",
    ),
    "not a select": (
        _variant(queries=[_step(query="delete from marts.dim_etf where ticker = %(etf)s")]),
        r"SQL must be a single SELECT",
    ),
    "cypher without columns": (
        _variant(
            entities={"stock": "005930"},
            masked_question="{STOCK} 담은 ETF",
            intent="RELATION",
            queries=[{**CYPHER_STEP, "columns": None}],
        ),
        r"a cypher step needs `columns`",
    ),
    "writing cypher": (
        _variant(
            entities={"stock": "005930"},
            masked_question="{STOCK} 담은 ETF",
            intent="RELATION",
            queries=[{**CYPHER_STEP, "query": "MATCH (s:Stock {code: $stock}) SET s.name = 'x' RETURN s.code"}],
        ),
        r"Cypher must be read-only",
    ),
    "relation without cypher": (_variant(intent="RELATION"), r"RELATION needs a cypher step"),
    "multi-hop with one step": (_variant(intent="MULTI_HOP"), r"MULTI_HOP needs at least 2 query steps"),
    "reference to a later step": (
        _variant(
            queries=[
                _step(
                    query="select 1 from marts.dim_etf where ticker = any(%(t)s)",
                    params={"t": {"step": 1, "column": "ticker"}},
                ),
                _step(),
            ]
        ),
        r"refers to step 1, not an earlier step",
    ),
    "negative without proof": (
        _variant(intent="NEGATIVE", answer_from="dim_etf"),
        r"NEGATIVE needs a step with `expect_empty: true`",
    ),
    "open without answer_from": (_variant(intent="OPEN"), r"OPEN needs `answer_from`"),
    "missing ir": (_variant(ir=None), r"missing field\(s\) \['ir'\]"),
    "ir without a node type": (_variant(ir={"etfs": []}), r"`ir` must be a mapping with a \"type\""),
    "ir placeholder without a slot": (
        _variant(ir={"type": "lookup", "etfs": [{"type": "etf", "ticker": "{etf2}"}]}),
        r"`ir` uses placeholder \{etf2\} but entities have no slot etf2",
    ),
    "ir with a literal entity value": (
        _variant(ir={"type": "lookup", "etfs": [{"type": "etf", "ticker": "069500"}]}),
        r"`ir` contains the value of etf \('069500'\)",
    ),
    "expect_empty outside NEGATIVE": (
        _variant(queries=[_step(expect_empty=True)]),
        r"`expect_empty` is only for NEGATIVE examples",
    ),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_a_mistake_is_named_with_file_and_example(tmp_path: Path, name: str) -> None:
    example, message = MISTAKES[name]
    path = _write(tmp_path, example)
    with pytest.raises(ExampleError, match=message) as raised:
        load_examples(path)
    assert "x.yaml" in str(raised.value)
    assert f"'{example.get('id')}'" in str(raised.value)


def test_the_valid_base_example_loads(tmp_path: Path) -> None:
    [example] = load_examples(_write(tmp_path, VALID))
    assert example.entities == {"etf": "069500"}
    assert example.queries[0].params == {"etf": "etf"}
    assert example.ir == VALID["ir"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    _write(tmp_path, _variant(intent="ATTRIBUT"), name="a.yaml")
    _write(tmp_path, _variant(id="other", queries=[_step(params={})]), name="b.yaml")
    with pytest.raises(ExampleError, match=r"^2 problem\(s\)") as raised:
        load_examples(tmp_path)
    assert "a.yaml" in str(raised.value) and "b.yaml" in str(raised.value)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    _write(tmp_path, VALID, name="a.yaml")
    _write(tmp_path, VALID, name="b.yaml")
    with pytest.raises(ExampleError, match=r"duplicate example id 'attr-fee-test'"):
        load_examples(tmp_path)


def test_broken_yaml_and_wrong_layout(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("examples: [\n", encoding="utf-8")
    with pytest.raises(ExampleError, match=r"broken.yaml: not valid YAML"):
        load_examples(tmp_path / "broken.yaml")
    (tmp_path / "list.yaml").write_text("- id: x\n", encoding="utf-8")
    with pytest.raises(ExampleError, match=r"expected a mapping with an `examples:` list"):
        load_examples(tmp_path / "list.yaml")
    with pytest.raises(ExampleError, match=r"no few-shot example files"):
        load_examples(tmp_path / "empty-folder-that-does-not-exist")
