"""GET /v1/events: the Server-Sent Events it sends, their types and payloads (documented in the OpenAPI schema)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import msgspec


class EventType(StrEnum):
    """The SSE `event:` field; each is also a PostgreSQL NOTIFY channel."""

    NEW_COLLECTION = "new_collection"
    HOLDING_CHANGES = "holding_changes"
    PIPELINE_FAILED = "pipeline_failed"


class NewCollection(msgspec.Struct):
    """`event: new_collection`: a trade date was collected for the first time (once per date)."""

    id: int
    trade_date: str
    run_id: str | None
    counts: dict[str, int]  # prices, holdings, holding_etfs


class HoldingChanges(msgspec.Struct):
    """`event: holding_changes`: holding changes beyond the threshold were recorded for a trade date."""

    id: int
    trade_date: str
    count: int


class PipelineFailed(msgspec.Struct):
    """`event: pipeline_failed`: a Dagster run failed (once per run)."""

    id: int
    run_id: str
    job: str | None
    message: str | None
    partition: str | None


PAYLOADS: dict[EventType, type[msgspec.Struct]] = {
    EventType.NEW_COLLECTION: NewCollection,
    EventType.HOLDING_CHANGES: HoldingChanges,
    EventType.PIPELINE_FAILED: PipelineFailed,
}


def _fields(struct: type[msgspec.Struct]) -> str:
    return ", ".join(f"`{f.name}`" for f in msgspec.structs.fields(struct))


STREAM_DESCRIPTION = (
    "A `text/event-stream` (Server-Sent Events). The first frame is the comment `: connected` with `retry: 2000`; "
    "`: keep-alive` comments follow every 15 s when idle. Each event has `id:` (a positive integer, increasing in "
    "commit order: resume with the `Last-Event-ID` header or `last_event_id`), `event:` (its type) and `data:` (one "
    "JSON object). Types: "
    + "; ".join(f"`{kind.value}` (data: {_fields(struct)})" for kind, struct in PAYLOADS.items())
    + "."
)

EXAMPLE = (
    ": connected\nretry: 2000\n\n"
    'id: 41\nevent: new_collection\ndata: {"trade_date": "2024-11-06", "run_id": "…", '
    '"counts": {"prices": 1038, "holdings": 38970, "holding_etfs": 958}, "id": 41}\n\n'
    'id: 42\nevent: holding_changes\ndata: {"trade_date": "2024-11-06", "count": 212, "id": 42}\n\n'
)


def event_schema(ref_template: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON schema of one SSE event as a client parses it ({event, id, data[, retry]}; `data` is JSON with the
    payload of its type), and the payload components it refers to."""
    _, components = msgspec.json.schema_components(list(PAYLOADS.values()), ref_template=ref_template)
    variants = [
        {
            "type": "object",
            "title": kind.value,
            "properties": {
                "event": {"const": kind.value},
                "id": {"type": "string", "pattern": "^[1-9][0-9]*$"},
                "data": {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "contentSchema": {"$ref": ref_template.format(name=struct.__name__)},
                },
                "retry": {"type": "integer", "minimum": 0},
            },
            "required": ["event", "id", "data"],
        }
        for kind, struct in PAYLOADS.items()
    ]
    return {"oneOf": variants, "description": STREAM_DESCRIPTION}, components
