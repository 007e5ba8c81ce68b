"""What the app holds for its lifetime: the pool, the event hub, the services and the question router."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.datastructures import State

from query_api.db import Database
from query_api.services.changes import ChangesService
from query_api.services.etfs import EtfService
from query_api.services.events import EventHub
from query_api.services.graph import GraphService
from query_api.services.portfolio import PortfolioService
from query_api.services.stocks import StockService


@dataclass
class Services:
    db: Database
    hub: EventHub
    etfs: EtfService
    stocks: StockService
    changes: ChangesService
    portfolio: PortfolioService
    graph: GraphService
    router: object  # query_api.router.service.Router (imported lazily to keep this module light)


def provide_services(state: State) -> Services:
    return state.services  # type: ignore[no-any-return]
