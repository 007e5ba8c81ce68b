"""The few-shot examples in `seeds/fewshot/*.yaml`: loading and validation with messages that say what to fix.

An example pairs a user question (and its masked form, entities replaced by typed placeholders) with its query IR
(`ir`: JSON with slot placeholders, see atlas.fewshot.ir_template) and the queries that answer it. Queries never
carry entity values: every value reaches them as a parameter, either an entity slot (`params: {etf: etf}`) or a
column of an earlier step's rows (`params: {tickers: {step: 1, column: ticker}}`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from atlas.config import PROJECT_ROOT
from atlas.errors import AtlasError
from atlas.fewshot.ir_template import check_template

DEFAULT_DIR = PROJECT_ROOT / "seeds" / "fewshot"

INTENTS = ("ATTRIBUTE", "FILTER", "RELATION", "MULTI_HOP", "COMPARISON", "AGGREGATION", "OPEN", "NEGATIVE")
MULTI_STEP_INTENTS = frozenset({"MULTI_HOP", "COMPARISON"})
ANSWER_FROM_INTENTS = frozenset({"OPEN", "NEGATIVE"})

# Slot type -> placeholder in the masked question. `term` is free text that links to nothing (e.g. 비트코인):
# it stays in the masked question because, for a NEGATIVE question, the term is what makes it negative.
PLACEHOLDERS: dict[str, str | None] = {
    "etf": "ETF",
    "stock": "STOCK",
    "issuer": "ISSUER",
    "index": "INDEX",
    "sector": "SECTOR",
    "tag": "TAG",
    "number": "NUMBER",
    "date": "DATE",
    "term": None,
}
SLOT_RE = re.compile(r"^(?P<type>[a-z]+?)(?P<n>\d*)$")
PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_]+)\}")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
IDENT_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
SQL_PARAM_RE = re.compile(r"%\((\w+)\)s")
CYPHER_PARAM_RE = re.compile(r"\$(\w+)")
SQL_START_RE = re.compile(r"^\s*(select|with)\b", re.IGNORECASE)
CYPHER_START_RE = re.compile(r"^\s*(match|optional\s+match|with|unwind|return)\b", re.IGNORECASE)
CYPHER_WRITE_RE = re.compile(r"\b(create|merge|set|delete|detach|remove|drop)\b", re.IGNORECASE)

EXAMPLE_KEYS = {"id", "question", "intent", "entities", "masked_question", "ir", "queries", "answer_from"}
REQUIRED_EXAMPLE_KEYS = EXAMPLE_KEYS - {"answer_from"}
STEP_KEYS = {"channel", "query", "params", "purpose", "columns", "expect_empty"}
REQUIRED_STEP_KEYS = {"channel", "query", "purpose"}

EntityValue = str | int | float


class Channel(StrEnum):
    SQL = "sql"
    CYPHER = "cypher"


class ExampleError(AtlasError):
    """One or more examples are malformed; the message lists every problem with its file and example id."""


@dataclass(frozen=True)
class StepRef:
    """A parameter taken from an earlier step: the list of values of `column` in step `step` (1-based)."""

    step: int
    column: str


ParamSource = str | StepRef


@dataclass(frozen=True)
class QueryStep:
    channel: Channel
    query: str
    params: dict[str, ParamSource]
    purpose: str
    columns: tuple[str, ...] = ()
    expect_empty: bool = False

    def depends_on(self) -> list[int]:
        return sorted({src.step for src in self.params.values() if isinstance(src, StepRef)})

    def to_json(self) -> dict[str, Any]:
        params = {
            name: src if isinstance(src, str) else {"step": src.step, "column": src.column}
            for name, src in self.params.items()
        }
        out: dict[str, Any] = {"channel": self.channel.value, "query": self.query, "params": params}
        out["purpose"] = self.purpose
        if self.columns:
            out["columns"] = list(self.columns)
        if self.expect_empty:
            out["expect_empty"] = True
        return out


@dataclass(frozen=True)
class Example:
    id: str
    question: str
    intent: str
    entities: dict[str, EntityValue]
    masked_question: str
    queries: tuple[QueryStep, ...]
    answer_from: str | None = None
    source: str = ""
    ir: dict[str, Any] | None = None  # the query IR as JSON, entity slots as placeholders (atlas.fewshot.ir_template)

    def queries_json(self) -> list[dict[str, Any]]:
        return [step.to_json() for step in self.queries]


def slot_type(slot: str) -> str | None:
    """`etf2` -> `etf`; None when the slot name is not one of the known types."""
    match = SLOT_RE.match(slot)
    if match is None or match["type"] not in PLACEHOLDERS:
        return None
    return match["type"]


def load_examples(path: Path | str = DEFAULT_DIR) -> list[Example]:
    """Every example of a YAML file, or of all `*.yaml` files of a folder (sorted by name), validated."""
    path = Path(path)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise ExampleError(f"no few-shot example files at {path}")
    problems: list[str] = []
    examples: list[Example] = []
    for file in files:
        examples.extend(_load_file(file, problems))
    seen: dict[str, str] = {}
    for ex in examples:
        if ex.id in seen:
            problems.append(f"{ex.source}: duplicate example id {ex.id!r} (also in {seen[ex.id]})")
        seen.setdefault(ex.id, ex.source)
    if problems:
        raise ExampleError(f"{len(problems)} problem(s) in the few-shot examples:\n  " + "\n  ".join(problems))
    return examples


def _load_file(file: Path, problems: list[str]) -> list[Example]:
    where = _display(file)
    try:
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(f"{where}: not valid YAML: {exc}")
        return []
    if not isinstance(document, dict) or not isinstance(document.get("examples"), list):
        problems.append(f"{where}: expected a mapping with an `examples:` list")
        return []
    examples = []
    for position, raw in enumerate(document["examples"], start=1):
        label = raw.get("id") if isinstance(raw, dict) else None
        context = f"{where}: example {label!r}" if isinstance(label, str) else f"{where}: example #{position}"
        found: list[str] = []
        example = _parse_example(raw, where, found)
        problems.extend(f"{context}: {msg}" for msg in found)
        if example is not None and not found:
            examples.append(example)
    return examples


def _display(file: Path) -> str:
    try:
        return str(file.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(file)


# -- one example ------------------------------------------------------------------------------------------------


def _parse_example(raw: Any, source: str, problems: list[str]) -> Example | None:
    if not isinstance(raw, dict):
        problems.append("must be a mapping")
        return None
    unknown = set(raw) - EXAMPLE_KEYS
    if unknown:
        problems.append(f"unknown field(s) {sorted(unknown)}; allowed: {sorted(EXAMPLE_KEYS)}")
    missing = sorted(REQUIRED_EXAMPLE_KEYS - set(raw))
    if missing:
        problems.append(f"missing field(s) {missing}")
        return None
    for key in ("id", "question", "intent", "masked_question"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            problems.append(f"`{key}` must be a non-empty string")
    if problems:
        return None
    if not ID_RE.match(raw["id"]):
        problems.append(f"id {raw['id']!r} must be lower-case letters, digits, '-' or '_'")
    intent = raw["intent"]
    if intent not in INTENTS:
        problems.append(f"unknown intent {intent!r}; expected one of {', '.join(INTENTS)}")
    entities = _parse_entities(raw["entities"], problems)
    _check_masked(raw["question"], raw["masked_question"], entities, problems)
    steps = _parse_steps(raw["queries"], problems)
    check_template(raw["ir"], entities, problems)
    answer_from = raw.get("answer_from")
    if answer_from is not None and (not isinstance(answer_from, str) or not answer_from.strip()):
        problems.append("`answer_from` must be a non-empty string")
        answer_from = None
    if problems:
        return None
    example = Example(
        id=raw["id"],
        question=raw["question"].strip(),
        intent=intent,
        entities=entities,
        masked_question=raw["masked_question"].strip(),
        queries=tuple(steps),
        answer_from=answer_from.strip() if answer_from else None,
        source=source,
        ir=raw["ir"],
    )
    _check_example(example, problems)
    return example


def _parse_entities(raw: Any, problems: list[str]) -> dict[str, EntityValue]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append("`entities` must be a mapping of slot -> value, e.g. {etf: '069500'}")
        return {}
    entities: dict[str, EntityValue] = {}
    for slot, value in raw.items():
        kind = slot_type(str(slot))
        if kind is None:
            problems.append(f"unknown entity slot {slot!r}; slots are {', '.join(PLACEHOLDERS)} (+ digits: etf2)")
            continue
        problem = _check_value(kind, value)
        if problem:
            problems.append(f"entity {slot}={value!r}: {problem}")
            continue
        entities[str(slot)] = value
    return entities


def _check_value(kind: str, value: Any) -> str | None:
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "a number slot needs a YAML number"
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string (quote codes: '069500')"
    if kind == "etf" and not re.fullmatch(r"[0-9A-Z]{6}", value):
        return "an ETF is its 6-character ticker"
    if kind == "stock" and not re.fullmatch(r"[0-9A-Z]{6}|[0-9A-Z]{12}", value):
        return "a stock is its 6-character ticker or 12-character code"
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return "a date is YYYY-MM-DD"
    return None


def _check_masked(question: str, masked: str, entities: dict[str, EntityValue], problems: list[str]) -> None:
    if not isinstance(question, str) or not isinstance(masked, str):
        return
    found = Counter(PLACEHOLDER_RE.findall(masked))
    allowed = {p for p in PLACEHOLDERS.values() if p}
    for name in sorted(set(found) - allowed):
        problems.append(f"masked_question has unknown placeholder {{{name}}}; use {sorted(allowed)}")
    expected = Counter(PLACEHOLDERS[t] for t in map(slot_type, entities) if t and PLACEHOLDERS[t])
    for name in sorted(allowed):
        if found[name] != expected[name]:
            problems.append(
                f"masked_question has {found[name]} {{{name}}} but entities have {expected[name]} such slot(s)"
            )
    for slot, value in entities.items():
        if PLACEHOLDERS[slot_type(slot) or "term"] and isinstance(value, str) and value in masked:
            problems.append(f"masked_question still contains the value of {slot} ({value!r})")


def _parse_steps(raw: Any, problems: list[str]) -> list[QueryStep]:
    if not isinstance(raw, list) or not raw:
        problems.append("`queries` must be a non-empty list of steps")
        return []
    steps: list[QueryStep] = []
    for number, item in enumerate(raw, start=1):
        step = _parse_step(item, number, steps, problems)
        if step is not None:
            steps.append(step)
    return steps


def _parse_step(raw: Any, number: int, earlier: list[QueryStep], problems: list[str]) -> QueryStep | None:
    where = f"step {number}"
    if not isinstance(raw, dict):
        problems.append(f"{where} must be a mapping with {sorted(REQUIRED_STEP_KEYS)}")
        return None
    unknown = set(raw) - STEP_KEYS
    if unknown:
        problems.append(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(STEP_KEYS)}")
    missing = sorted(REQUIRED_STEP_KEYS - set(raw))
    if missing:
        problems.append(f"{where}: missing {missing}")
        return None
    if raw["channel"] not in {c.value for c in Channel}:
        problems.append(f"{where}: channel {raw['channel']!r} must be 'sql' or 'cypher'")
        return None
    channel = Channel(raw["channel"])
    query, purpose = raw["query"], raw["purpose"]
    if not isinstance(query, str) or not query.strip():
        problems.append(f"{where}: `query` must be a non-empty string")
        return None
    if not isinstance(purpose, str) or not purpose.strip():
        problems.append(f"{where}: `purpose` must be a non-empty string")
    params = _parse_params(raw.get("params") or {}, where, number, earlier, problems)
    columns = raw.get("columns") or []
    if channel is Channel.CYPHER:
        if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
            problems.append(f"{where}: a cypher step needs `columns`, the names of its RETURN values")
            columns = []
        elif bad := [c for c in columns if not IDENT_RE.match(c)]:
            problems.append(f"{where}: columns {bad} must be lower-case identifiers")
    elif columns:
        problems.append(f"{where}: `columns` is only for cypher steps (SQL names its own columns)")
    expect_empty = raw.get("expect_empty", False)
    if not isinstance(expect_empty, bool):
        problems.append(f"{where}: `expect_empty` must be true or false")
    _check_query_text(channel, query, set(params), where, problems)
    return QueryStep(channel, query.strip(), params, str(purpose).strip(), tuple(columns), expect_empty is True)


def _parse_params(
    raw: Any, where: str, number: int, earlier: list[QueryStep], problems: list[str]
) -> dict[str, ParamSource]:
    if not isinstance(raw, dict):
        problems.append(f"{where}: `params` must map parameter names to entity slots")
        return {}
    params: dict[str, ParamSource] = {}
    for name, source in raw.items():
        if not isinstance(name, str) or not IDENT_RE.match(name):
            problems.append(f"{where}: parameter name {name!r} must be a lower-case identifier")
        elif isinstance(source, str):
            params[name] = source
        elif isinstance(source, dict) and set(source) == {"step", "column"}:
            ref = StepRef(source["step"], source["column"])
            if not isinstance(ref.step, int) or not 1 <= ref.step < number:
                problems.append(f"{where}: parameter {name} refers to step {ref.step!r}, not an earlier step")
            elif not isinstance(ref.column, str) or not IDENT_RE.match(ref.column):
                problems.append(f"{where}: parameter {name} refers to column {ref.column!r}")
            else:
                target = earlier[ref.step - 1] if ref.step - 1 < len(earlier) else None
                if target and target.channel is Channel.CYPHER and ref.column not in target.columns:
                    problems.append(f"{where}: step {ref.step} returns no column {ref.column!r}")
                params[name] = ref
        else:
            problems.append(f"{where}: parameter {name} must name an entity slot or be {{step: N, column: name}}")
    return params


def _check_query_text(channel: Channel, query: str, params: set[str], where: str, problems: list[str]) -> None:
    if channel is Channel.SQL:
        used = set(SQL_PARAM_RE.findall(query))
        rest = SQL_PARAM_RE.sub("", query).replace("%%", "")
        if "%" in rest:
            problems.append(f"{where}: a literal % in SQL must be written %% (psycopg placeholders use %)")
        if not SQL_START_RE.match(query):
            problems.append(f"{where}: SQL must be a single SELECT (or WITH ... SELECT)")
        if ";" in query.strip().rstrip(";"):
            problems.append(f"{where}: SQL must be one statement")
    else:
        used = set(CYPHER_PARAM_RE.findall(query))
        if not CYPHER_START_RE.match(query):
            problems.append(f"{where}: Cypher must start with MATCH, OPTIONAL MATCH, WITH, UNWIND or RETURN")
        if CYPHER_WRITE_RE.search(query):
            problems.append(f"{where}: Cypher must be read-only (no CREATE/MERGE/SET/DELETE/REMOVE)")
        if "$$" in query:
            problems.append(f"{where}: Cypher must not contain $$")
    syntax = "%(name)s" if channel is Channel.SQL else "$name"
    for name in sorted(used - params):
        problems.append(f"{where}: query uses {syntax.replace('name', name)} but `params` does not define {name}")
    for name in sorted(params - used):
        problems.append(f"{where}: `params` defines {name} but the query never uses it")


def _check_example(example: Example, problems: list[str]) -> None:
    """Rules across fields: slots exist and are used, no entity value written into a query, per-intent shape."""
    used_slots: set[str] = set()
    for number, step in enumerate(example.queries, start=1):
        for name, source in step.params.items():
            if isinstance(source, str):
                if source not in example.entities:
                    problems.append(f"step {number}: parameter {name} names slot {source!r}, not in entities")
                used_slots.add(source)
        for slot, value in example.entities.items():
            if _written_literally(value, step.query):
                problems.append(
                    f"step {number}: the value of {slot} ({value!r}) is written into the query: "
                    f"use a parameter (params: {{{slot}: {slot}}})"
                )
    for slot in sorted(set(example.entities) - used_slots):
        problems.append(f"entity slot {slot} is not used by any query step")
    channels = {step.channel for step in example.queries}
    if example.intent in MULTI_STEP_INTENTS:
        if len(example.queries) < 2:
            problems.append(f"{example.intent} needs at least 2 query steps")
        if channels != {Channel.SQL, Channel.CYPHER}:
            problems.append(f"{example.intent} needs both a sql and a cypher step")
    if example.intent == "RELATION" and Channel.CYPHER not in channels:
        problems.append("RELATION needs a cypher step (relations live in the graph)")
    if example.intent in ANSWER_FROM_INTENTS and not example.answer_from:
        problems.append(f"{example.intent} needs `answer_from`: which data answers it")
    if example.intent == "NEGATIVE" and not any(step.expect_empty for step in example.queries):
        problems.append("NEGATIVE needs a step with `expect_empty: true` that proves the absence")
    if example.intent != "NEGATIVE" and any(step.expect_empty for step in example.queries):
        problems.append("`expect_empty` is only for NEGATIVE examples")


def _written_literally(value: EntityValue, query: str) -> bool:
    text = str(value)
    if isinstance(value, str) and len(text) < 2:
        return False
    # Word-ish boundaries so that 10 does not match 100 and 005930 does not match inside a longer code.
    return re.search(rf"(?<![\w.]){re.escape(text)}(?![\w])", query) is not None
