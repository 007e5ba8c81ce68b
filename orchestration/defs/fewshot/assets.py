"""Few-shot question → query examples (seeds/fewshot) embedded into pgvector; only changed ones are re-embedded."""

import dagster as dg

from orchestration.lib.versions import seeds_version
from orchestration.resources import AtlasDatabase, EmbeddingsEndpoint


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
