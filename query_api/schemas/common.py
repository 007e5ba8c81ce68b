"""Shapes shared by every endpoint."""

from __future__ import annotations

import msgspec
from litestar.openapi.datastructures import ResponseSpec


class ErrorBody(msgspec.Struct):
    """Every error response: one message, never a stack trace."""

    error: str


def error_responses(*codes: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the error statuses a handler can answer (all `{"error": ...}`)."""
    descriptions = {
        400: "Invalid input",
        404: "Not in the data",
        413: "Request body too large",
        422: "Rejected by the database",
        503: "Database unavailable or too slow; retry",
    }
    return {
        code: ResponseSpec(
            data_container=ErrorBody, description=descriptions.get(code, "Error"), generate_examples=False
        )
        for code in codes
    }
