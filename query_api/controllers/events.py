"""GET /v1/events: Server-Sent Events with Last-Event-ID resume."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from query_api.errors import BadInput
from query_api.schemas.common import error_responses
from query_api.state import Services


def _last_event_id(header: str | None, query: str | None) -> int | None:
    value = header if header not in (None, "") else query
    if value in (None, ""):
        return None
    assert value is not None
    if not value.strip().isdigit() or len(value.strip()) > 18:
        raise BadInput("Last-Event-ID must be a non-negative integer event id")
    return int(value.strip())


class EventsController(Controller):
    path = "/v1/events"
    tags = ("events",)

    @get("/", operation_id="streamEvents", responses=error_responses(400, 503))
    async def events(
        self,
        request: Request,
        services: NamedDependency[Services],
        last_event_id: Annotated[
            str | None,
            QueryParameter(name="last_event_id", description="resume after this id (or the Last-Event-ID header)"),
        ] = None,
    ) -> ServerSentEvent:
        """`new_collection` and `holding_changes` events; reconnect with `Last-Event-ID` to get what you missed."""
        after = _last_event_id(request.headers.get("last-event-id"), last_event_id)
        stream = services.hub.stream(after)

        async def messages() -> AsyncIterator[ServerSentEventMessage]:
            yield ServerSentEventMessage(data=None, comment="connected", retry=2000)
            async for event in stream:
                if event is None:
                    yield ServerSentEventMessage(data=None, comment="keep-alive")
                else:
                    yield ServerSentEventMessage(id=event.id, event=event.channel, data=event.data())

        return ServerSentEvent(messages())
