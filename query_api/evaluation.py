"""`atlas eval [--set questions|holdout|holdout2] [--json]`: intent accuracy and answer accuracy per intent and per
class on an evaluation set: seeds/eval/questions.yaml (the development set) or a held-out set (never tuned against).

Runs the deterministic router (no chat LLM, whatever is configured) in-process against the configured database,
and checks each answer against the gold facts frozen from the snapshot (tickers, names and numbers it must show;
NEGATIVE answers must say the data lacks it; OPEN answers must say what the data cannot tell). Questions marked
`full_history` are skipped (and counted) when the database lacks their dates (the test database's shorter window).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import Any

from atlas.config import Settings
from atlas.db.cluster import resolve_cluster
from atlas.errors import AtlasError
from query_api.eval_gold import applicable, has_full_history
from query_api.eval_set import CLASSES, EVAL_PATH, EVAL_SETS, INTENTS, check_answer, load, overlapping_with_fewshot

NO_CLASS = "-"  # questions written before classes existed


async def run(settings: Settings, path: Path = EVAL_PATH) -> dict[str, Any]:
    from query_api.app import build_services
    from query_api.config import ApiConfig
    from query_api.errors import ApiError

    questions = load(path)
    overlap = overlapping_with_fewshot(questions)
    if overlap:
        raise AtlasError(f"evaluation questions also in seeds/fewshot: {', '.join(overlap)}")
    try:
        full_history = has_full_history(resolve_cluster(settings).reader_dsn(settings.db_name))
    except Exception as exc:
        raise AtlasError(f"cannot reach the database: {str(exc).strip()[:200]}") from exc
    questions, skipped = applicable(questions, full_history)
    config = dataclasses.replace(ApiConfig.from_settings(settings), chat_model=None)
    services = build_services(config)
    await services.db.open()
    try:
        await services.db.pool.wait(timeout=10.0)
    except Exception as exc:
        await services.db.close()
        raise AtlasError(f"cannot reach the database: {str(exc).strip()[:200]}") from exc
    router: Any = services.router
    results = []
    try:
        await router.start()
        for q in questions:
            try:
                response = await router.ask(q.question)
                intent, answer, total = response.intent, response.answer, response.timings_ms.get("total", 0.0)
                used_examples = any(step.channel == "vector" for step in response.plan)
            except ApiError as exc:
                intent, answer, total, used_examples = "ERROR", exc.message, 0.0, False
            missing = check_answer(q.gold, answer)
            results.append(
                {
                    "id": q.id,
                    "question": q.question,
                    "gold_intent": q.intent,
                    "class": q.klass or NO_CLASS,
                    "intent": intent,
                    "intent_ok": intent == q.intent,
                    "answer_ok": not missing,
                    "missing": missing,
                    "answer": answer,
                    "total_ms": total,
                    "used_examples": used_examples,
                }
            )
    finally:
        await router.stop()
        await services.db.close()
    report = summarize(results, embeddings=sum(r["used_examples"] for r in results))
    report["skipped_full_history"] = len(skipped)
    return report


def _accuracy(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "questions": len(rows),
        "intent_accuracy": round(sum(r["intent_ok"] for r in rows) / len(rows), 4),
        "answer_accuracy": round(sum(r["answer_ok"] for r in rows) / len(rows), 4),
    }


def _grouped(results: list[dict[str, Any]], key: str, order: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        groups.setdefault(r[key], []).append(r)
    rank = {name: i for i, name in enumerate(order)}
    return {name: _accuracy(groups[name]) for name in sorted(groups, key=lambda g: (rank.get(g, len(rank)), g))}


def summarize(results: list[dict[str, Any]], embeddings: int) -> dict[str, Any]:
    per_intent = _grouped(results, "gold_intent", INTENTS)
    per_class = _grouped(results, "class", CLASSES)
    n = len(results)
    confusion = Counter(f"{r['gold_intent']}->{r['intent']}" for r in results if not r["intent_ok"])
    return {
        "questions": n,
        "intent_accuracy": round(sum(r["intent_ok"] for r in results) / n, 4) if n else 0.0,
        "answer_accuracy": round(sum(r["answer_ok"] for r in results) / n, 4) if n else 0.0,
        "per_intent": per_intent,
        "per_class": per_class,
        "confusion": dict(confusion),
        "few_shot_embeddings": embeddings,
        "llm": False,
        "failures": [r for r in results if not (r["intent_ok"] and r["answer_ok"])],
    }


def main(args: argparse.Namespace, settings: Settings) -> int:
    name = getattr(args, "set", None) or "questions"
    if name not in EVAL_SETS:
        raise AtlasError(f"unknown evaluation set {name!r}; known: {', '.join(EVAL_SETS)}")
    report = asyncio.run(run(settings, EVAL_SETS[name]))
    report["set"] = name
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"evaluation set: {name} ({EVAL_SETS[name].name})")
    for title, table in (("intent", report["per_intent"]), ("class", report["per_class"])):
        print(f"{title:<18} {'n':>4} {'intent acc':>11} {'answer acc':>11}")
        for group, row in [*table.items(), ("ALL", report)]:
            print(f"{group:<18} {row['questions']:>4} {row['intent_accuracy']:>11.1%} {row['answer_accuracy']:>11.1%}")
    skipped = report["skipped_full_history"]
    if skipped:
        print(f"skipped {skipped} full_history question(s): the database lacks their dates (dev database only)")
    used = report["few_shot_embeddings"]
    mode = f"rules + nearest few-shot examples ({used} questions)" if used else "rules only (embeddings unavailable)"
    print(f"router: deterministic, no LLM; intent from {mode}")
    for failure in report["failures"]:
        print(
            f"- {failure['id']} [{failure['gold_intent']}→{failure['intent']}] {failure['question']}"
            + (f" | missing: {', '.join(failure['missing'])}" if failure["missing"] else "")
        )
    return 0
