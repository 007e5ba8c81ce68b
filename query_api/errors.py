"""One error hierarchy for the API, mapped to JSON `{"error": "..."}` responses in one place.

Services raise these; `exception_handlers()` turns them (and Litestar's own HTTP errors, psycopg failures and anything
unexpected) into responses. Nothing below ever lets a stack trace reach a client.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from psycopg_pool import PoolTimeout, TooManyRequests

log = logging.getLogger("query_api")


class ApiError(Exception):
    """A failure with a message for the client; `status_code` says which kind."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(ApiError):
    status_code = 400


class NotFound(ApiError):
    status_code = 404


class PayloadTooLarge(ApiError):
    status_code = 413


class Unprocessable(ApiError):
    """Well-formed input the data cannot serve (e.g. a Cypher query that AGE rejects)."""

    status_code = 422


class ServiceUnavailable(ApiError):
    """The database is down or too slow: a 503 the client may retry."""

    status_code = 503


def _json(status: int, message: str, headers: dict[str, str] | None = None) -> Response[dict[str, str]]:
    return Response({"error": message}, status_code=status, media_type=MediaType.JSON, headers=headers)


def _validation_message(exc: ValidationException) -> str:
    """Litestar's validation detail plus the field-level messages, as one line."""
    parts: list[str] = []
    extra: Any = exc.extra
    if isinstance(extra, list):
        for item in extra:
            if isinstance(item, dict):
                where = item.get("key") or item.get("source") or ""
                parts.append(f"{where}: {item.get('message', '')}".strip(": "))
    detail = exc.detail or "invalid request"
    return f"{detail}: {'; '.join(parts)}" if parts else detail


def _handle_api_error(_: Request, exc: ApiError) -> Response[dict[str, str]]:
    headers = {"Retry-After": "2"} if exc.status_code == 503 else None
    return _json(exc.status_code, exc.message, headers)


def _handle_http(_: Request, exc: HTTPException) -> Response[dict[str, str]]:
    if isinstance(exc, ValidationException):
        return _json(400, _validation_message(exc))
    status = exc.status_code
    if status >= 500:
        # Litestar raises 500-class HTTP errors for its own failures; never show their details.
        log.error("HTTP error %s: %s", status, exc.detail)
        return _json(503 if status == 503 else 500, "internal error" if status != 503 else exc.detail)
    return _json(status, exc.detail or "bad request", exc.headers)


def _handle_database(_: Request, exc: psycopg.Error) -> Response[dict[str, str]]:
    mapped = database_error(exc)
    return _handle_api_error(_, mapped)


def _handle_pool(_: Request, exc: Exception) -> Response[dict[str, str]]:
    return _json(503, "the database is unavailable, retry shortly", {"Retry-After": "2"})


def _handle_unexpected(_: Request, exc: Exception) -> Response[dict[str, str]]:
    log.exception("unexpected error", exc_info=exc)
    return _json(500, "internal error")


def database_error(exc: psycopg.Error) -> ApiError:
    """The client-facing error for a psycopg failure (connection loss and timeouts are 503s)."""
    if isinstance(exc, psycopg.errors.QueryCanceled):
        return ServiceUnavailable("the query took too long and was cancelled")
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return ServiceUnavailable("the database is unavailable, retry shortly")
    if isinstance(exc, psycopg.errors.InsufficientPrivilege | psycopg.errors.ReadOnlySqlTransaction):
        return BadInput("the query API is read-only")
    if isinstance(exc, psycopg.errors.UndefinedTable | psycopg.errors.InvalidSchemaName):
        return ServiceUnavailable("the data is not loaded yet (run `atlas materialize`)")
    log.error("database error: %s", exc)
    return Unprocessable(f"the database rejected the query: {str(exc).strip().splitlines()[0]}")


def exception_handlers() -> dict[type[Exception] | int, Any]:
    return {
        ApiError: _handle_api_error,
        HTTPException: _handle_http,
        psycopg.Error: _handle_database,
        PoolTimeout: _handle_pool,
        TooManyRequests: _handle_pool,
        Exception: _handle_unexpected,
    }
