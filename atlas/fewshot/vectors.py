"""pgvector's psycopg adapter, registered once per connection (numpy arrays in, pgvector Vectors out)."""

from __future__ import annotations

import psycopg
from pgvector.psycopg import register_vector, register_vector_async


def ensure_vector_adapter(conn: psycopg.Connection) -> None:
    if conn.adapters.types.get("vector") is None:
        register_vector(conn)


async def ensure_vector_adapter_async(conn: psycopg.AsyncConnection) -> None:
    if conn.adapters.types.get("vector") is None:
        await register_vector_async(conn)
