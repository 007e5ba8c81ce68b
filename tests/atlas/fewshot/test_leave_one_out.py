"""Leave-one-out over the seeds: the nearest other example (by masked question) has the same intent >= 90%."""

from __future__ import annotations

import numpy as np
import pytest

from atlas.fewshot import Example, load_examples
from atlas.fewshot.leave_one_out import leave_one_out, report, run
from tests.embedding_endpoint import EmbeddingEndpoint


def test_nearest_other_example_shares_the_intent(embedding_endpoint: EmbeddingEndpoint) -> None:
    embedder = embedding_endpoint.embedder()
    result = run(embedder, load_examples())
    print(report(result, embedder.model))
    assert result.accuracy >= 0.9
    assert all(correct / total >= 0.75 for correct, total in result.per_intent.values()), result.per_intent


def _example(id_: str, intent: str) -> Example:
    return Example(id=id_, question=id_, intent=intent, entities={}, masked_question=id_, queries=())


def test_each_example_is_left_out_of_its_own_candidates() -> None:
    examples = [_example("a1", "FILTER"), _example("a2", "FILTER"), _example("b1", "OPEN"), _example("b2", "OPEN")]
    # a1/a2 and b1/b2 point the same way; b2 leans towards the a's but stays nearer b1.
    vectors = np.array([[1, 0.1, 0], [1, 0, 0.1], [0, 1, 0], [0.5, 1, 0]], dtype=np.float32)
    result = leave_one_out(examples, vectors)
    assert (result.correct, result.total, result.misses) == (4, 4, [])
    assert result.per_intent == {"FILTER": (2, 2), "OPEN": (2, 2)}


def test_a_miss_names_the_neighbour() -> None:
    examples = [_example("a1", "FILTER"), _example("a2", "FILTER"), _example("b1", "OPEN")]
    # a2 and b1 nearly coincide; a1 is far from both but a little nearer b1: every neighbour is of the other intent.
    vectors = np.array([[1, 0], [0.2, 1], [0.3, 1]], dtype=np.float32)
    result = leave_one_out(examples, vectors)
    assert result.accuracy == 0
    assert {(m.id, m.neighbour_id) for m in result.misses} == {("a1", "b1"), ("a2", "b1"), ("b1", "a2")}
    assert "a2 (FILTER) -> b1 (OPEN" in report(result, "m")


def test_needs_two_examples_and_a_vector_each() -> None:
    with pytest.raises(ValueError):
        leave_one_out([_example("a", "OPEN")], np.ones((1, 2), dtype=np.float32))
    with pytest.raises(ValueError):
        leave_one_out([_example("a", "OPEN"), _example("b", "OPEN")], np.ones((3, 2), dtype=np.float32))
