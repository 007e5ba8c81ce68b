"""Few-shot question → query examples (seeds/fewshot) embedded into pgvector; only changed ones are re-embedded."""

import dagster as dg

from atlas.config import PROJECT_ROOT
from orchestration.lib.versions import sha256_of
from orchestration.resources import AtlasDatabase, EmbeddingsEndpoint

# atlas.fewshot.examples.DEFAULT_DIR, without importing the few-shot stack to plan a run.
FEWSHOT_DIR = PROJECT_ROOT / "seeds" / "fewshot"


def seeds_version() -> str:
    """SHA-256 of the seed files: the embeddings change only when they (or the model) change."""
    return sha256_of(sorted(FEWSHOT_DIR.glob("*.yaml")))


@dg.asset(
    key="fewshot_embeddings",
    group_name="fewshot",
    kinds={"postgres"},
    description="fewshot.examples: seeds/fewshot/*.yaml with embeddings (HNSW cosine index).",
)
def fewshot_embeddings(
    context: dg.AssetExecutionContext, database: AtlasDatabase, embeddings: EmbeddingsEndpoint
) -> dg.MaterializeResult:
    from atlas.fewshot import load_examples, sync_examples

    examples = load_examples()
    with database.connect(autocommit=True) as conn:
        result = sync_examples(conn, examples, embeddings.embedder())
    context.log.info(f"{result.embedded} embedded, {result.skipped} unchanged, {result.deleted} deleted")
    return dg.MaterializeResult(
        data_version=dg.DataVersion(seeds_version()),
        metadata={
            "examples": len(examples),
            "embedded": result.embedded,
            "skipped": result.skipped,
            "deleted": result.deleted,
            "model": result.model,
            "dimensions": result.dim,
        },
    )
