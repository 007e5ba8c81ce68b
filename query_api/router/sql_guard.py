"""Validation of generated SQL with a real parser (sqlglot): one read-only SELECT over the allowed schemas, values
only as named parameters the router supplies, and a LIMIT. Anything else is refused (the caller falls back)."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from query_api.errors import BadInput

ALLOWED_SCHEMAS = frozenset({"marts", "fewshot", "events"})
MAX_ROWS = 200
FORBIDDEN_NODES = (exp.Insert, exp.Update, exp.Delete, exp.Create, exp.Drop, exp.Command, exp.Merge, exp.Into)
FORBIDDEN_FUNCTIONS = re.compile(
    r"^(pg_|set_config|current_setting|dblink|lo_|query_to_xml|cypher|copy|txid_|nextval|setval)", re.IGNORECASE
)
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def check_select(sql: str, params: dict[str, object]) -> str:
    """The statement, limited to MAX_ROWS rows; BadInput naming the first problem otherwise."""
    try:
        statements = [s for s in sqlglot.parse(sql, read="postgres") if s is not None]
    except sqlglot.errors.ParseError as exc:
        raise BadInput(f"generated SQL does not parse: {str(exc).splitlines()[0]}") from exc
    if len(statements) != 1:
        raise BadInput("generated SQL must be exactly one statement")
    statement = statements[0]
    if not isinstance(statement, exp.Query):
        raise BadInput("generated SQL must be a SELECT")
    for node in FORBIDDEN_NODES:
        if statement.find(node) is not None:
            raise BadInput(f"generated SQL contains {node.__name__.upper()}")
    ctes = {cte.alias_or_name for cte in statement.find_all(exp.CTE)}
    for table in statement.find_all(exp.Table):
        if not table.db and table.name in ctes:
            continue
        if table.db not in ALLOWED_SCHEMAS:
            raise BadInput(f"generated SQL reads {table.sql()} outside the schemas {sorted(ALLOWED_SCHEMAS)}")
    for function in statement.find_all(exp.Anonymous, exp.Func):
        name = function.name if isinstance(function, exp.Anonymous) else function.sql_name()
        if FORBIDDEN_FUNCTIONS.match(name or ""):
            raise BadInput(f"generated SQL calls {name}")
    if any(literal.is_string for literal in statement.find_all(exp.Literal)):
        raise BadInput("generated SQL has a string literal (values must be parameters)")
    unknown = set(_PLACEHOLDER.findall(sql)) - set(params)
    if unknown:
        raise BadInput(f"generated SQL uses unknown parameters {sorted(unknown)}")
    if "%" in _PLACEHOLDER.sub("", sql):
        raise BadInput("generated SQL has a bare % (values must be parameters)")
    text = sql.strip().rstrip(";")
    return f"select * from (\n{text}\n) as generated limit {MAX_ROWS}"
