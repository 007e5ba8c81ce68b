"""The OpenAPI document made exact for request bodies: their schemas are msgspec's own.

Litestar derives body schemas from msgspec Structs but drops part of what msgspec enforces (`additionalProperties:
false` of `forbid_unknown_fields`, constraints on list items and dict keys, `format`). msgspec's JSON schema of
the same Structs states exactly what decoding accepts, so it replaces Litestar's components for every request body
(and the Structs nested in them). Path and query parameters come exact from `query_api.schemas.params`; an event
stream is documented per event (its type, id and JSON payload), which is how schemathesis checks SSE.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec
from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.typing import FieldDefinition

from query_api.schemas.events import event_schema

REF_TEMPLATE = "#/components/schemas/{name}"
# A request Struct may state what msgspec cannot (e.g. "exactly one of two fields") as a class attribute
# `__schema_extra__: ClassVar[dict]`, merged into its component (and then checked by schemathesis like the rest).
SCHEMA_EXTRA = "__schema_extra__"


def request_structs(app: Litestar) -> list[type[msgspec.Struct]]:
    """The msgspec Structs decoded from request bodies (the `data` parameter of each handler)."""
    found: list[type[msgspec.Struct]] = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            field = handler.parsed_fn_signature.parameters.get("data")
            if field is None:
                continue
            annotation = FieldDefinition.from_annotation(field.annotation).annotation
            if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct) and annotation not in found:
                found.append(annotation)
    return found


def _named_by_litestar(schema: dict[str, Any], struct: type[msgspec.Struct]) -> str | None:
    """The component name Litestar gave a Struct (its title, possibly module-qualified)."""
    components = schema.get("components", {}).get("schemas", {})
    for name, component in components.items():
        if component.get("title") == struct.__name__ or name == struct.__name__:
            return str(name)
    return None


def exact_request_schemas(schema: dict[str, Any], structs: Iterable[type[msgspec.Struct]]) -> dict[str, Any]:
    """Replace (in place) the components of the request Structs with msgspec's schemas of them."""
    structs = list(structs)
    if not structs:
        return schema
    _, definitions = msgspec.json.schema_components(structs, ref_template=REF_TEMPLATE)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    extras = {s.__name__: getattr(s, SCHEMA_EXTRA, None) for s in _nested_structs(structs)}
    for name, definition in definitions.items():
        components[name] = {**definition, **(extras.get(name) or {})}
    return schema


def _nested_structs(structs: list[type[msgspec.Struct]]) -> list[type[msgspec.Struct]]:
    """The Structs and every Struct their fields refer to."""
    seen: list[type[msgspec.Struct]] = []

    def visit(node: Any) -> None:
        if isinstance(node, msgspec.inspect.StructType):
            if node.cls in seen:
                return
            seen.append(node.cls)
            for field in node.fields:
                visit(field.type)
        for child in getattr(node, "types", ()) or ():
            visit(child)
        for attr in ("item_type", "key_type", "value_type", "type"):
            if hasattr(node, attr) and not isinstance(node, msgspec.inspect.StructType):
                visit(getattr(node, attr))

    for struct in structs:
        visit(msgspec.inspect.type_info(struct))
    return seen


def event_stream_schemas(schema: dict[str, Any], media_type: str = "text/event-stream") -> dict[str, Any]:
    """Every `text/event-stream` response documented event by event ({event, id, data} with its JSON payload)."""
    item, payloads = event_schema(REF_TEMPLATE)
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if media_type in content:
                    content[media_type]["schema"] = item
                    schema.setdefault("components", {}).setdefault("schemas", {}).update(payloads)
    return schema


def non_null_parameters(schema: dict[str, Any]) -> dict[str, Any]:
    """Path, query and header values are never JSON null: an optional parameter is one that may be left out, so
    `oneOf: [X, null]` (Litestar's rendering of `X | None`) becomes X with the parameter's constraints."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                declared = parameter.get("schema", {})
                variants = declared.get("oneOf")
                if not isinstance(variants, list):
                    continue
                kept = [v for v in variants if v != {"type": "null"}]
                if len(kept) == 1 and len(kept) < len(variants):
                    parameter["schema"] = {**{k: v for k, v in declared.items() if k != "oneOf"}, **kept[0]}
    return schema


def tighten(app: Litestar) -> None:
    """Make the served document (`/schema/openapi.json`) exact for request bodies and event streams."""
    plugin = app.plugins.get(OpenAPIPlugin)
    document = plugin.provide_openapi_schema()  # the cached dict the schema endpoints serve
    exact_request_schemas(document, request_structs(app))
    event_stream_schemas(document)
    non_null_parameters(document)
