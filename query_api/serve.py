"""`atlas serve [--host H] [--port P]`: the query API under uvicorn.

ATLAS_API_WORKERS (default 1) runs that many processes; each has its own pool and its own LISTEN connection.
"""

from __future__ import annotations

import argparse
import logging
import os

from atlas.config import Settings


def main(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    workers = max(1, int(os.environ.get("ATLAS_API_WORKERS", "1")))
    if workers > 1:
        # worker processes build their own app (settings come from the same environment)
        uvicorn.run(
            "query_api.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=workers,
            log_level="info",
            access_log=False,
            lifespan="on",
            proxy_headers=False,  # served on its own address; no forwarded headers to trust
        )
        return 0
    from query_api.app import create_app
    from query_api.config import ApiConfig

    app = create_app(ApiConfig.from_settings(settings))
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="info", access_log=False, lifespan="on", proxy_headers=False
    )
    return 0
