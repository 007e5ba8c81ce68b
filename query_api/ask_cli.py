"""`atlas ask "question" [--json] [--as-of DATE]`: the same router as POST /v1/ask, in-process."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

import msgspec

from atlas.config import Settings
from atlas.errors import AtlasError
from query_api.schemas.ask import AskResponse


async def ask_once(settings: Settings, question: str, as_of: str | None) -> AskResponse:
    from query_api.app import build_services
    from query_api.config import ApiConfig

    services = build_services(ApiConfig.from_settings(settings))
    await services.db.open()
    try:
        await services.db.pool.wait(timeout=5.0)
    except Exception as exc:  # reported as one line
        await services.db.close()
        raise AtlasError(f"cannot reach the database: {str(exc).strip()[:200]}") from exc
    try:
        await services.router.start()  # type: ignore[attr-defined]
        return await services.router.ask(question, as_of)  # type: ignore[attr-defined,no-any-return]
    finally:
        await services.router.stop()  # type: ignore[attr-defined]
        await services.db.close()


def main(args: argparse.Namespace, settings: Settings) -> int:
    from query_api.errors import ApiError

    try:
        response = asyncio.run(ask_once(settings, args.question, args.as_of))
    except ApiError as exc:
        if args.json:
            print(json.dumps({"error": exc.message}, ensure_ascii=False))
        else:
            print(f"atlas ask: {exc.message}", file=sys.stderr)
        return 2 if exc.status_code < 500 else 3
    if args.json:
        print(msgspec.json.encode(response).decode())
        return 0
    print(response.answer)
    print(f"\n[{response.intent} {response.confidence:.2f}] " + "; ".join(response.sources))
    return 0
