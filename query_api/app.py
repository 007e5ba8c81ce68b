"""The Litestar application: `create_app()` wires the pool, the event hub, the services and the controllers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin

from atlas.config import Settings
from query_api.config import ApiConfig
from query_api.controllers.ask import AskController
from query_api.controllers.changes import ChangesController
from query_api.controllers.etfs import EtfController
from query_api.controllers.events import EventsController
from query_api.controllers.graph import GraphController
from query_api.controllers.health import HealthController
from query_api.controllers.history import HistoryController
from query_api.controllers.portfolio import PortfolioController
from query_api.controllers.stocks import StockController
from query_api.db import Database
from query_api.errors import exception_handlers
from query_api.router.service import Router
from query_api.schemas.openapi import tighten
from query_api.services.changes import ChangesService
from query_api.services.etfs import EtfService
from query_api.services.events import EventHub
from query_api.services.graph import GraphService
from query_api.services.portfolio import PortfolioService
from query_api.services.stocks import StockService
from query_api.state import Services, provide_services

log = logging.getLogger("query_api")


def build_services(config: ApiConfig) -> Services:
    db = Database(
        config.dsn,
        min_size=config.pool_min,
        max_size=config.pool_max,
        statement_timeout_ms=config.query_timeout_ms,
        prepare_threshold=config.prepare_threshold,
        prepared_max=config.prepared_max,
    )
    router = Router(db, config)
    hub = EventHub(db, config.dsn)
    hub.listeners.append(router.invalidate)  # new data: cached answers and the entity dictionary are stale
    return Services(
        db=db,
        hub=hub,
        etfs=EtfService(db, lambda: router.dictionary.brand_aliases),
        stocks=StockService(db),
        changes=ChangesService(db),
        portfolio=PortfolioService(db),
        graph=GraphService(db, config.query_timeout_ms),
        router=router,
    )


def create_app(config: ApiConfig | None = None) -> Litestar:
    config = config or ApiConfig.from_settings(Settings.from_env())
    services = build_services(config)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        # open=False at construction, then open here without waiting: the API starts (and answers 503) while
        # the database is down, and the pool keeps reconnecting in the background.
        await services.db.open()
        await services.hub.start()
        await services.router.start()
        try:
            yield
        finally:
            await services.router.stop()
            await services.hub.stop()
            await services.db.close()

    app = Litestar(
        route_handlers=[
            AskController,
            EtfController,
            StockController,
            ChangesController,
            PortfolioController,
            HistoryController,
            GraphController,
            EventsController,
            HealthController,
        ],
        dependencies={"services": Provide(provide_services, sync_to_thread=False)},
        lifespan=[lifespan],
        exception_handlers=exception_handlers(),
        openapi_config=OpenAPIConfig(
            title="ETF Atlas",
            version="0.1.0",
            description="Korean ETFs: routed questions, search, holdings, graph and events (read-only).",
            path="/schema",
            render_plugins=[ScalarRenderPlugin()],
        ),
        request_max_body_size=config.max_body_bytes,
        debug=False,
    )
    tighten(app)  # request-body schemas exactly as msgspec decodes them
    app.state.services = services
    return app
