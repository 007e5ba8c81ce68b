"""The one error of the embeddings package."""

from atlas.errors import AtlasError


class EmbeddingError(AtlasError):
    """The embeddings endpoint is down, refused the request or answered something unusable."""
