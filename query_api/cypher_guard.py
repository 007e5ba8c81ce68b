"""Read-only checks for Cypher text (user-supplied or generated): no write clauses, one statement, known columns.

The reader role cannot write anyway (default_transaction_read_only); this check gives a clear 400 instead of a
database error and keeps procedure calls and multi-statement tricks out.
"""

from __future__ import annotations

import re

from query_api.errors import BadInput

WRITE_CLAUSES = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "LOAD", "CALL", "FOREACH")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def strip_literals(query: str) -> str:
    """The query with string literals, quoted identifiers and comments blanked out (so keywords in them are inert)."""
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch in "'\"`":
            j = i + 1
            while j < n and query[j] != ch:
                j += 2 if query[j] == "\\" else 1
            if j >= n:
                raise BadInput("unterminated string or quoted name in the Cypher query")
            out.append(" " if ch != "`" else "x")
            i = j + 1
        elif query.startswith("//", i):
            j = query.find("\n", i)
            i = n if j < 0 else j
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            if j < 0:
                raise BadInput("unterminated comment in the Cypher query")
            out.append(" ")
            i = j + 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def check_read_only(query: str) -> str:
    """The query if it is one read-only Cypher statement; BadInput naming the problem otherwise."""
    if "\x00" in query:
        raise BadInput("the Cypher query must not contain NUL characters")
    bare = strip_literals(query)
    if ";" in bare.rstrip().rstrip(";"):
        raise BadInput("only one Cypher statement is allowed")
    words = {w.upper() for w in _WORD.findall(bare)}
    writes = [w for w in WRITE_CLAUSES if w in words]
    if writes:
        raise BadInput(f"the graph endpoint is read-only: {', '.join(writes)} is not allowed")
    if "RETURN" not in words:
        raise BadInput("the Cypher query must end with a RETURN clause")
    return query.strip().rstrip(";").strip()


def check_params(params: dict[str, object]) -> dict[str, object]:
    for name in params:
        if not _PARAM_NAME.match(name):
            raise BadInput(f"invalid Cypher parameter name {name[:40]!r}")
    return params


def return_columns(query: str) -> list[str]:
    """Column names for AGE's `AS (...)` list, from the last top-level RETURN clause (aliases or property names)."""
    bare = strip_literals(query)
    matches = list(re.finditer(r"\bRETURN\b", bare, flags=re.IGNORECASE))
    match = matches[-1] if matches else None
    if match is None:
        raise BadInput("the Cypher query must end with a RETURN clause")
    clause = bare[match.end() :]
    clause = re.split(r"\b(?:ORDER\s+BY|SKIP|LIMIT|UNION)\b", clause, flags=re.IGNORECASE)[0]
    clause = re.sub(r"^\s*DISTINCT\b", "", clause, flags=re.IGNORECASE)
    items = _split_top_level(clause)
    if not items or items == ["*"]:
        raise BadInput("RETURN * is not supported: name the returned values (or pass `columns`)")
    names: list[str] = []
    for item in items:
        alias = re.search(r"\bAS\s+([A-Za-z_][A-Za-z0-9_]*)\s*$", item, flags=re.IGNORECASE)
        if alias:
            name = alias.group(1)
        elif (m := re.match(r"^\s*[A-Za-z_]\w*\s*\.\s*([A-Za-z_]\w*)\s*$", item)) or (
            m := re.match(r"^\s*([A-Za-z_]\w*)\s*(\(|$)", item)
        ):
            name = m.group(1)
        else:
            name = "value"
        name = name.lower()[:60]
        base, k = name, 2
        while name in names:
            name, k = f"{base}_{k}", k + 1
        names.append(name)
    return names


def _split_top_level(text: str) -> list[str]:
    items, depth, current = [], 0, []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    last = "".join(current).strip()
    if last:
        items.append(last)
    return [i for i in items if i]
