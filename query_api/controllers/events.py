"""GET /v1/events: Server-Sent Events in commit order, with Last-Event-ID resume."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import HeaderParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from query_api.schemas.common import error_responses
from query_api.schemas.events import EXAMPLE, STREAM_DESCRIPTION
from query_api.schemas.params import EVENT_ID, EventIdQuery
from query_api.state import Services

LastEventIdHeader = Annotated[
    str | None,
    HeaderParameter(
        name="Last-Event-ID",
        description="resume after this event id (sent by EventSource on reconnect; wins over `last_event_id`)",
        pattern=EVENT_ID.pattern,
        min_length=EVENT_ID.min_length,
        max_length=EVENT_ID.max_length,
        required=False,
    ),
]

STREAM_RESPONSE = {
    200: ResponseSpec(
        data_container=str,
        media_type="text/event-stream",
        description=STREAM_DESCRIPTION,
        generate_examples=False,
        examples=[Example(summary="two events", value=EXAMPLE)],
    )
}


class EventsController(Controller):
    path = "/v1/events"
    tags = ("events",)

    @get("/", operation_id="streamEvents", responses={**STREAM_RESPONSE, **error_responses(400, 503)})
    async def events(
        self,
        services: NamedDependency[Services],
        last_event_id_header: LastEventIdHeader = None,
        last_event_id: EventIdQuery = None,
    ) -> ServerSentEvent:
        """`new_collection` and `holding_changes` events; reconnect with `Last-Event-ID` to get what you missed."""
        value = last_event_id_header or last_event_id
        stream = services.hub.stream(int(value) if value else None)

        async def messages() -> AsyncIterator[ServerSentEventMessage]:
            yield ServerSentEventMessage(data=None, comment="connected", retry=2000)
            async for event in stream:
                if event is None:
                    yield ServerSentEventMessage(data=None, comment="keep-alive")
                else:
                    yield ServerSentEventMessage(id=event.id, event=event.channel, data=event.data())

        return ServerSentEvent(messages())
