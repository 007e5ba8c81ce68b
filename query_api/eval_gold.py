"""`python -m query_api.eval_gold [--set questions|holdout]`: run the gold queries of seeds/eval/<set>.yaml on the
loaded snapshot and freeze the facts into each question's `gold:` line (the rest of the file is kept as written)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from atlas.config import Settings
from atlas.db.cluster import resolve_cluster
from query_api.db import load_sql, plain_row
from query_api.eval_set import EVAL_SETS, EvalQuestion, facts_from_rows, load, overlapping_with_fewshot

# The dev database's window (every recorded snapshot date): a `full_history` question's gold needs data this old.
FULL_HISTORY_HOLDINGS_FROM = dt.date(2024, 5, 23)
FULL_HISTORY_PRICES_FROM = dt.date(2024, 10, 8)


def has_full_history(dsn: str) -> bool:
    """Whether the database holds the dev window (holdings from 2024-05-23, prices from 2024-10-08)."""
    with psycopg.connect(dsn, row_factory=dict_row, autocommit=True) as conn:
        row = conn.execute(load_sql("eval_data_window")).fetchone()
    first_holdings, first_prices = (row or {}).get("first_holdings_date"), (row or {}).get("first_price_date")
    return (
        first_holdings is not None
        and first_prices is not None
        and first_holdings <= FULL_HISTORY_HOLDINGS_FROM
        and first_prices <= FULL_HISTORY_PRICES_FROM
    )


def applicable(questions: list[EvalQuestion], full_history: bool) -> tuple[list[EvalQuestion], list[EvalQuestion]]:
    """(questions the database can answer, `full_history` questions skipped because it lacks their dates)."""
    if full_history:
        return list(questions), []
    return [q for q in questions if not q.full_history], [q for q in questions if q.full_history]


def compute(questions: list[EvalQuestion], dsn: str) -> dict[str, dict[str, object]]:
    golds: dict[str, dict[str, object]] = {}
    with psycopg.connect(dsn, row_factory=dict_row, autocommit=True) as conn:
        for q in questions:
            rows = [plain_row(r) for r in conn.execute(q.gold_sql, q.params).fetchall()] if q.gold_sql else []
            gold = facts_from_rows(q.facts, rows)
            if q.gold_sql and not rows:
                raise SystemExit(f"{q.id}: the gold query returned no rows; fix the question or its query")
            golds[q.id] = gold
    return golds


def rewrite(path: Path, golds: dict[str, dict[str, object]]) -> str:
    """The file with one `gold: {...}` line per question (replacing any earlier one)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    current: str | None = None

    def flush_gold() -> None:
        if current is None:
            return
        # insert before trailing blank/comment lines of the block
        tail: list[str] = []
        while out and (not out[-1].strip() or out[-1].lstrip().startswith("#")):
            tail.insert(0, out.pop())
        out.append("    gold: " + json.dumps(golds[current], ensure_ascii=False))
        out.extend(tail)

    in_questions = False
    for line in lines:
        if line.startswith("questions:"):
            in_questions = True
        if in_questions and line.startswith("  - id: "):
            flush_gold()
            current = line.split(":", 1)[1].strip()
        if line.startswith("    gold: "):
            continue
        out.append(line)
    flush_gold()
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the frozen facts differ from the database")
    parser.add_argument("--set", choices=sorted(EVAL_SETS), default="questions", help="which evaluation set")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    path = EVAL_SETS[args.set]
    questions = load(path)
    overlap = overlapping_with_fewshot(questions)
    if overlap:
        print(f"questions also in seeds/fewshot: {', '.join(overlap)}", file=sys.stderr)
        return 1
    dsn = resolve_cluster(settings).reader_dsn(settings.db_name)
    answerable, skipped = applicable(questions, has_full_history(dsn))
    if skipped and not args.check:
        print(f"{settings.db_name} lacks the dates of {len(skipped)} full_history question(s): use the dev database")
        return 1
    golds = compute(answerable, dsn)
    if args.check:
        stale = [q.id for q in answerable if q.gold != golds[q.id]]
        note = f" ({len(skipped)} full_history question(s) skipped: the database lacks their dates)" if skipped else ""
        verdict = f"{len(stale)} question(s) with stale gold facts: {', '.join(stale)}" if stale else "gold current"
        print(verdict + note)
        return 1 if stale else 0
    path.write_text(rewrite(path, golds), encoding="utf-8")
    print(f"froze gold facts of {len(golds)} questions into {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
