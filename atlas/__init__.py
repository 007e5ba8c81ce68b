"""ETF Atlas shared core: configuration, database provisioning, Cypher execution, embeddings."""
