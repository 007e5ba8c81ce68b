"""The development evaluation set (seeds/eval/questions.yaml): loading, gold facts, and answer checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from atlas.config import PROJECT_ROOT
from atlas.errors import AtlasError

EVAL_DIR = PROJECT_ROOT / "seeds" / "eval"
# The development sets (tuned against) and the held-out sets (written once, measured, never tuned against), each
# seeds/eval/<name>.yaml; which held-out sets are spent, exposed or still fresh is told in seeds/eval/README.md.
DEV_SETS = ("questions", "dev2", "dev3", "dev4", "dev6", "dev7", "dev8")  # dev5 was planned, not written
HOLDOUT_SETS = tuple(["holdout"] + [f"holdout{n}" for n in range(2, 13)])
EVAL_SETS = {name: EVAL_DIR / f"{name}.yaml" for name in (*DEV_SETS, *HOLDOUT_SETS)}
EVAL_PATH = EVAL_SETS["questions"]
HOLDOUT_PATH = EVAL_SETS["holdout"]
# Question classes (what a question exercises); intents are what the router must label it.
CLASSES = (
    "attribute",
    "combined_filter",
    "holdings_threshold",
    "count",
    "group_by",
    "aggregation",
    "time",
    "changes",
    "relation",
    "chain",
    "comparison",
    "open",
    "negative",
)
# The gold intents each class's questions may carry (the conventions of seeds/eval/README.md).
CLASS_INTENTS: dict[str, frozenset[str]] = {
    "attribute": frozenset({"ATTRIBUTE"}),
    "combined_filter": frozenset({"FILTER"}),
    "holdings_threshold": frozenset({"RELATION", "AGGREGATION"}),
    "count": frozenset({"AGGREGATION"}),
    "group_by": frozenset({"AGGREGATION"}),
    "aggregation": frozenset({"AGGREGATION"}),
    "time": frozenset({"ATTRIBUTE", "FILTER", "COMPARISON"}),
    "changes": frozenset({"RELATION"}),
    "relation": frozenset({"RELATION"}),
    "chain": frozenset({"MULTI_HOP"}),
    "comparison": frozenset({"COMPARISON"}),
    "open": frozenset({"OPEN"}),
    "negative": frozenset({"NEGATIVE"}),
}
FEWSHOT_DIR = PROJECT_ROOT / "seeds" / "fewshot"
INTENTS = ("ATTRIBUTE", "FILTER", "RELATION", "MULTI_HOP", "COMPARISON", "AGGREGATION", "OPEN", "NEGATIVE")
NOT_IN_DATA_MARKERS = ("데이터에 없", "not in the data", "not in this data")
CAVEAT_MARKERS = ("알 수 없는", "cannot tell", "이 데이터에 없습니다", "not in this data")


@dataclass
class EvalQuestion:
    id: str
    question: str
    intent: str
    gold_sql: str | None
    params: dict[str, Any]
    facts: dict[str, Any]
    gold: dict[str, Any] = field(default_factory=dict)
    klass: str | None = None  # one of CLASSES (older questions carry none)
    full_history: bool = False  # needs dates outside the test database's window (checked on the dev database only)


def load(path: Path = EVAL_PATH) -> list[EvalQuestion]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    named = document.get("gold_queries") or {}
    out = []
    for raw in document["questions"]:
        sql = raw.get("gold_sql") or (named[raw["gold_query"]] if raw.get("gold_query") else None)
        if raw["intent"] not in INTENTS:
            raise AtlasError(f"{raw['id']}: unknown intent {raw['intent']}")
        if raw.get("class") is not None and raw["class"] not in CLASSES:
            raise AtlasError(f"{raw['id']}: unknown class {raw['class']}")
        out.append(
            EvalQuestion(
                id=raw["id"],
                question=raw["question"],
                intent=raw["intent"],
                gold_sql=sql,
                params=raw.get("params") or {},
                facts=raw.get("facts") or {},
                gold=raw.get("gold") or {},
                klass=raw.get("class"),
                full_history=bool(raw.get("full_history", False)),
            )
        )
    ids = [q.id for q in out]
    if len(ids) != len(set(ids)):
        raise AtlasError("duplicate question ids in the evaluation set")
    return out


def fewshot_questions(folder: Path = FEWSHOT_DIR) -> set[str]:
    questions: set[str] = set()
    for file in sorted(folder.glob("*.yaml")):
        document = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for example in document.get("examples") or []:
            if isinstance(example, dict) and isinstance(example.get("question"), str):
                questions.add(_key(example["question"]))
    return questions


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def overlapping_with_fewshot(questions: list[EvalQuestion]) -> list[str]:
    fewshot = fewshot_questions()
    return [q.id for q in questions if _key(q.question) in fewshot]


def overlapping_with(questions: list[EvalQuestion], others: list[EvalQuestion]) -> list[str]:
    """Ids of `questions` whose text (spaces and case aside) is also in `others`."""
    keys = {_key(q.question) for q in others}
    return [q.id for q in questions if _key(q.question) in keys]


# -- gold facts from rows -------------------------------------------------------------------------------------


def facts_from_rows(facts: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Freeze the facts a question's gold rows give: tickers, texts and numbers the answer must show."""
    gold: dict[str, Any] = {}
    if facts.get("not_in_data"):
        gold["not_in_data"] = True
    if facts.get("caveat"):
        gold["caveat"] = True
    spec = facts.get("tickers")
    if spec:
        gold["tickers"] = _unique(str(r[spec["column"]]) for r in _rows(rows, spec) if r.get(spec["column"]))
    texts: list[str] = []
    for spec in facts.get("texts") or []:
        texts += [str(r[spec["column"]]) for r in _rows(rows, spec) if r.get(spec["column"]) is not None]
    if texts:
        gold["texts"] = _unique(texts)
    numbers: list[dict[str, Any]] = []
    for spec in facts.get("numbers") or []:
        for r in _rows(rows, spec):
            if r.get(spec["column"]) is not None:
                numbers.append({"value": float(r[spec["column"]]), "unit": spec["unit"]})
    if numbers:
        gold["numbers"] = numbers
    return gold


def _rows(rows: list[dict[str, Any]], spec: dict[str, Any]) -> list[dict[str, Any]]:
    if "row" in spec:
        return rows[spec["row"] : spec["row"] + 1]
    return rows


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(values))


# -- checking an answer -----------------------------------------------------------------------------------------

_KRW_JO = re.compile(r"(\d[\d,]*)조(?:\s*(\d[\d,]*)억)?원")
_KRW_EOK = re.compile(r"(?<![\d,조])(\d[\d,]*)억원")
_KRW_MAN = re.compile(r"(?<![\d,억])(\d[\d,]*)만원")
_KRW_EN = re.compile(r"KRW ([\d,]+(?:\.\d+)?) (trillion|billion)")
_PCT = re.compile(r"([+-]?\d[\d,]*(?:\.\d+)?)%")
_WON = re.compile(r"(?<![\d,.])(\d[\d,]*(?:\.\d+)?)원")
_WON_EN = re.compile(r"KRW (\d[\d,]*(?:\.\d+)?)(?![\d.,])(?! (?:trillion|billion))")
_COUNT = re.compile(r"(\d[\d,]*)\s*(?:개|종목|ETFs?\b|holdings)")
_FACTOR = re.compile(r"(?:배수|factor)\s*([+-]?\d+(?:\.\d+)?)|([+-]?\d+(?:\.\d+)?)\s*(?:배|x\b|X\b)")


def numbers_in(answer: str) -> dict[str, list[float]]:
    def num(text: str) -> float:
        return float(text.replace(",", ""))

    krw = [(num(a) * 10000 + (num(b) if b else 0)) * 1e8 for a, b in _KRW_JO.findall(answer)]
    krw += [num(a) * 1e8 for a in _KRW_EOK.findall(_KRW_JO.sub(" ", answer))]
    krw += [num(a) * (1e12 if unit == "trillion" else 1e9) for a, unit in _KRW_EN.findall(answer)]
    krw += [num(a) * 1e4 for a in _KRW_MAN.findall(answer)]  # 4,263만원: an amount under 1억
    krw += [num(a) for a in _WON_EN.findall(answer)]  # KRW 780,288,980: an amount under a billion, in full
    no_big = _KRW_EOK.sub(" ", _KRW_JO.sub(" ", answer))
    return {
        "pct": [num(x) for x in _PCT.findall(answer)],
        "krw": krw,
        "won": [num(x) for x in _WON.findall(no_big)] + [num(x) for x in _WON_EN.findall(no_big)],
        "count": [num(x) for x in _COUNT.findall(answer)],
        "factor": [num(a or b) for a, b in _FACTOR.findall(answer)],
    }


def _close(unit: str, want: float, got: float) -> bool:
    if unit == "pct":
        return abs(want - got) <= max(0.006, abs(want) * 1e-3)
    if unit == "krw":  # shown in 억 (조) from 1억 up, in 만원 or in full below: the rounding of each
        return abs(want - got) <= max(abs(want) * 0.006, 1e8 if abs(want) >= 1e8 else abs(want) * 0.01 + 1e4)
    if unit == "won":
        return abs(want - got) <= 0.51
    return abs(want - got) < 1e-6 or (unit == "factor" and abs(abs(want) - abs(got)) < 1e-6)


def check_answer(gold: dict[str, Any], answer: str) -> list[str]:
    """What the answer misses (empty = correct)."""
    missing: list[str] = []
    squashed = re.sub(r"\s+", "", answer).lower()
    if gold.get("not_in_data") and not any(m in answer for m in NOT_IN_DATA_MARKERS):
        missing.append("does not say the data lacks it")
    if gold.get("caveat") and not any(m in answer for m in CAVEAT_MARKERS):
        missing.append("does not say what the data cannot tell")
    for ticker in gold.get("tickers", []):
        if ticker not in answer:
            missing.append(f"ticker {ticker}")
    for text in gold.get("texts", []):
        if re.sub(r"\s+", "", text).lower() not in squashed:
            missing.append(f"text {text!r}")
    found = numbers_in(answer)
    for number in gold.get("numbers", []):
        unit = number["unit"]
        if not any(_close(unit, number["value"], got) for got in found.get(unit, [])):
            missing.append(f"{unit} {number['value']}")
    return missing
