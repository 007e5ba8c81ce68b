"""Leave-one-out over the examples: is the nearest *other* example (by masked question) of the same intent?

This is how well nearest-example intent classification can work on the seeds themselves.
`python -m atlas.fewshot.leave_one_out` prints it (starting the local embeddings server when needed).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from atlas.config import Settings
from atlas.embeddings import Embedder, InputType
from atlas.fewshot.examples import INTENTS, Example, load_examples
from atlas.fewshot.store import embedded_text


@dataclass(frozen=True)
class Miss:
    id: str
    intent: str
    neighbour_id: str
    neighbour_intent: str
    similarity: float


@dataclass(frozen=True)
class LeaveOneOut:
    total: int
    correct: int
    per_intent: dict[str, tuple[int, int]]  # intent -> (correct, total)
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def leave_one_out(examples: Sequence[Example], vectors: NDArray[np.float32]) -> LeaveOneOut:
    """Nearest neighbour by cosine similarity, each example excluded from its own candidates."""
    if len(examples) < 2 or vectors.shape[0] != len(examples):
        raise ValueError("need at least two examples and one vector per example")
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    similarity = unit @ unit.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = similarity.argmax(axis=1)
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    misses = []
    for i, ex in enumerate(examples):
        other = examples[int(nearest[i])]
        totals[ex.intent] += 1
        if other.intent == ex.intent:
            hits[ex.intent] += 1
        else:
            misses.append(Miss(ex.id, ex.intent, other.id, other.intent, float(similarity[i, nearest[i]])))
    per_intent = {intent: (hits[intent], totals[intent]) for intent in INTENTS if totals[intent]}
    return LeaveOneOut(total=len(examples), correct=sum(hits.values()), per_intent=per_intent, misses=misses)


def run(embedder: Embedder, examples: Sequence[Example]) -> LeaveOneOut:
    vectors = embedder.embed([embedded_text(ex) for ex in examples], InputType.QUERY)
    return leave_one_out(examples, vectors)


def report(result: LeaveOneOut, model: str) -> str:
    lines = [f"leave-one-out ({model}): {result.correct}/{result.total} = {result.accuracy:.1%} same intent"]
    lines += [f"  {intent:<12} {ok}/{n}" for intent, (ok, n) in result.per_intent.items()]
    lines += [
        f"  miss {m.id} ({m.intent}) -> {m.neighbour_id} ({m.neighbour_intent}, cos {m.similarity:.3f})"
        for m in result.misses
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    embedder = Embedder.from_settings(Settings.from_env())
    result = run(embedder, load_examples())
    print(report(result, embedder.model))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
