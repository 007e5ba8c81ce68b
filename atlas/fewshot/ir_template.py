"""IR templates of the few-shot examples: the query IR as plain JSON with entity slots as placeholders.

An example's `ir:` is the JSON form of `query_api.router.ir.Query` (tag field `type`) in which entity values are
written as placeholders: a string that is exactly `"{etf}"` becomes the slot's value with its type (a number slot
stays a number), and a placeholder inside a longer string is replaced textually. This module is plain JSON
manipulation: atlas does not import query_api (data flows one way), so decoding the filled IR into typed Structs
is the query API's job (and a test's: tests/atlas/fewshot/test_ir_templates.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

Json = dict[str, Any] | list[Any] | str | int | float | bool | None

SLOT_PLACEHOLDER_RE = re.compile(r"\{([a-z]+\d*)\}")
WHOLE_PLACEHOLDER_RE = re.compile(r"^\{([a-z]+\d*)\}$")


class SlotError(ValueError):
    """A placeholder names a slot the entities do not fill."""


def placeholders(template: Json) -> set[str]:
    """Every slot a template refers to."""
    found: set[str] = set()
    _walk(template, lambda text: found.update(SLOT_PLACEHOLDER_RE.findall(text)))
    return found


def fill_slots(template: Json, entities: Mapping[str, Any]) -> Json:
    """A copy of `template` with every placeholder replaced by its entity value; SlotError when one is missing."""
    if isinstance(template, dict):
        return {key: fill_slots(value, entities) for key, value in template.items()}
    if isinstance(template, list):
        return [fill_slots(item, entities) for item in template]
    if isinstance(template, str):
        whole = WHOLE_PLACEHOLDER_RE.match(template)
        if whole:
            return _value(whole[1], entities)
        return SLOT_PLACEHOLDER_RE.sub(lambda m: str(_value(m[1], entities)), template)
    return template


def _value(slot: str, entities: Mapping[str, Any]) -> Any:
    if slot not in entities:
        raise SlotError(f"placeholder {{{slot}}} has no entity (entities: {sorted(entities) or 'none'})")
    return entities[slot]


def _walk(node: Json, visit: Any) -> None:
    if isinstance(node, dict):
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list | tuple):
        for item in node:
            _walk(item, visit)
    elif isinstance(node, str):
        visit(node)


def check_template(template: Any, entities: Mapping[str, Any], problems: list[str]) -> None:
    """Problems of an example's `ir:` that need no IR types: shape, tag, placeholders that name slots, no literal
    entity values (an entity the IR cannot express, e.g. a second stock, may stay unused)."""
    if not isinstance(template, dict) or not isinstance(template.get("type"), str):
        problems.append('`ir` must be a mapping with a "type" (the IR node kind, e.g. {"type": "lookup", ...})')
        return
    used = placeholders(template)
    for slot in sorted(used - set(entities)):
        problems.append(f"`ir` uses placeholder {{{slot}}} but entities have no slot {slot}")
    for slot, value in entities.items():
        if isinstance(value, str) and len(value) >= 2 and _contains_literal(template, value):
            problems.append(f"`ir` contains the value of {slot} ({value!r}): write the placeholder {{{slot}}}")


def _contains_literal(template: Json, value: str) -> bool:
    hits: list[bool] = []
    _walk(template, lambda text: hits.append(text == value))
    return any(hits)
