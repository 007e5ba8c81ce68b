"""Pure helpers of the benchmarks: stage groups, rows per second, request mixes, unique as_of, profile folding."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from bench import api_load, load, pipeline, profile_api
from orchestration.pipeline import STAGES


def test_every_pipeline_stage_belongs_to_one_reported_group() -> None:
    seconds = {stage.name: 1.0 for stage in STAGES}
    groups = pipeline.group_stages(seconds)
    assert set(groups) == {"raw_load", "dbt", "graph", "embeddings", "notification"}
    assert sum(groups.values()) == len(STAGES)


def test_an_unknown_stage_is_reported() -> None:
    with pytest.raises(ValueError, match="not mapped"):
        pipeline.group_stages({"graph": 1.0, "new stage": 2.0})


def test_rows_per_second_and_a_zero_duration() -> None:
    assert pipeline.rows_per_second({"dbt": 300, "graph": 5}, {"dbt": 1.5, "graph": 0.0}) == {
        "dbt": 200.0,
        "graph": 0.0,
    }


def test_ask_mix_has_every_question_and_interleaves_intents(tmp_path: Path) -> None:
    questions = [{"id": f"{i}{n}", "question": f"{i} question {n}", "intent": i} for i in "ABC" for n in range(3)]
    questions.append({"id": "A3", "question": "A question 3", "intent": "A"})
    path = tmp_path / "questions.yaml"
    path.write_text(yaml.safe_dump({"questions": questions}, allow_unicode=True), encoding="utf-8")
    specs, per_intent = api_load.ask_specs(path)
    asked = [spec.body["question"] for spec in specs if spec.body]
    assert sorted(asked) == sorted(q["question"] for q in questions)
    assert per_intent == {"A": 4, "B": 3, "C": 3}
    assert [q[0] for q in asked[:3]] == ["A", "B", "C"]  # every window of three mixes all intents


def test_the_real_evaluation_set_covers_every_intent() -> None:
    specs, per_intent = api_load.ask_specs()
    assert len(per_intent) == 8 and all(n > 0 for n in per_intent.values())
    assert all(spec.unique_as_of for spec in specs)
    assert not any(spec.unique_as_of for spec in api_load.ask_specs(uncached=False)[0])


def test_unique_as_of_never_repeats_and_stays_after_the_data() -> None:
    spec = load.RequestSpec("POST", "/v1/ask", {"question": "q"}, unique_as_of=True)
    dates = [spec.json()["as_of"] for _ in range(5000)]  # type: ignore[index]
    assert len(set(dates)) == len(dates)
    assert min(dates) >= "2030-01-01"
    plain = load.RequestSpec("POST", "/v1/ask", {"question": "q"})
    assert plain.json() == {"question": "q"}


def test_search_requests_are_url_encoded_and_labelled_readably() -> None:
    specs = api_load.search_specs()
    assert len(specs) == len(api_load.SEARCH_TERMS)
    assert all(" " not in spec.path for spec in specs)
    assert specs[0].label() == "GET /v1/etfs?q=코덱스 200&limit=20"


def test_slowest_requests_are_ranked_by_median() -> None:
    specs = [load.RequestSpec("GET", f"/x{i}") for i in range(3)]
    ranked = load.slowest_requests(specs, {0: [1.0, 1.0, 9.0], 1: [5.0, 5.0], 2: [2.0]}, n=2)
    assert [r["request"] for r in ranked] == ["GET /x1", "GET /x2"]


def test_profile_frames_are_shortened_to_file_and_function() -> None:
    frame = "Router.ask (/work/main/query_api/router/service.py:140)"
    assert profile_api.short_frame(frame) == "query_api/router/service.py:Router.ask"
    lib = "encode_json (/work/main/.venv/lib/python3.11/site-packages/litestar/serialization/msgspec_hooks.py:12)"
    assert profile_api.short_frame(lib) == "litestar/serialization/msgspec_hooks.py:encode_json"
    assert profile_api.short_frame("<module> (atlas:8)") == "atlas:<module>"


def test_profile_aggregation_counts_own_and_inclusive_samples_once_per_stack() -> None:
    collapsed = "\n".join(
        [
            'process 1:"atlas";thread (0x1);main (a.py:1);work (b.py:2);work (b.py:3) 6',
            'process 1:"atlas";thread (0x1);main (a.py:1);wait (c.py:9) 4',
            "garbage line",
        ]
    )
    result = profile_api.aggregate(collapsed)
    assert result["samples"] == 10
    own = {row["frame"]: row["samples"] for row in result["own"]}
    inclusive = Counter({row["frame"]: row["samples"] for row in result["inclusive"]})
    assert own == {"b.py:work": 6, "c.py:wait": 4}
    assert inclusive["a.py:main"] == 10 and inclusive["b.py:work"] == 6  # recursion counted once
    assert result["own"][0]["pct"] == 60.0
