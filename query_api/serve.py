"""`atlas serve [--host H] [--port P]`: the query API under uvicorn."""

from __future__ import annotations

import argparse
import logging

from atlas.config import Settings


def main(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from query_api.app import create_app
    from query_api.config import ApiConfig

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(ApiConfig.from_settings(settings))
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=False, lifespan="on")
    return 0
