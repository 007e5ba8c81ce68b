"""Few-shot question -> query examples: YAML seeds, their embeddings in pgvector, and nearest-example lookup."""

from atlas.fewshot.examples import INTENTS, Channel, Example, ExampleError, QueryStep, StepRef, load_examples
from atlas.fewshot.retrieve import RetrievalError, RetrievedExample, retrieve, retrieve_async
from atlas.fewshot.store import SyncResult, sync_examples

__all__ = [
    "INTENTS",
    "Channel",
    "Example",
    "ExampleError",
    "QueryStep",
    "RetrievalError",
    "RetrievedExample",
    "StepRef",
    "SyncResult",
    "load_examples",
    "retrieve",
    "retrieve_async",
    "sync_examples",
]
