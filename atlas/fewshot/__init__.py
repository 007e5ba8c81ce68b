"""Few-shot question -> query examples: YAML seeds, their embeddings in pgvector, and nearest-example lookup."""

from atlas.fewshot.examples import INTENTS, Channel, Example, ExampleError, QueryStep, StepRef, load_examples
from atlas.fewshot.ir_template import SlotError, fill_slots
from atlas.fewshot.retrieve import (
    IrExample,
    RetrievalError,
    RetrievedExample,
    nearest_irs,
    nearest_irs_async,
    retrieve,
    retrieve_async,
)
from atlas.fewshot.store import SyncResult, sync_examples

__all__ = [
    "INTENTS",
    "Channel",
    "Example",
    "ExampleError",
    "IrExample",
    "QueryStep",
    "RetrievalError",
    "RetrievedExample",
    "SlotError",
    "StepRef",
    "SyncResult",
    "fill_slots",
    "load_examples",
    "nearest_irs",
    "nearest_irs_async",
    "retrieve",
    "retrieve_async",
    "sync_examples",
]
