"""The core of an answer: the executed steps' rows by role, the question's language, and the small pieces every
sentence uses (an ETF's label, the names linked in the question, as-of notes, numbered lists).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from query_api.router.answer.sources import source_labels
from query_api.router.channels import StepRun
from query_api.router.entities import Linking
from query_api.router.planner import Plan
from query_api.router.slots import Slots

Rows = list[dict[str, Any]]


class AnswerBase:
    def __init__(self, plan: Plan, runs: list[StepRun], linking: Linking, slots: Slots, lang: str) -> None:
        self.plan, self.runs, self.linking, self.slots, self.lang = plan, runs, linking, slots, lang
        self.ko = lang == "ko"

    def rows(self, role: str) -> Rows:
        for run in self.runs:
            if run.step.role == role:
                return run.rows
        return []

    def t(self, ko: str, en: str) -> str:
        return ko if self.ko else en

    # -- public -----------------------------------------------------------------------------------------------

    def text(self) -> str:
        # each plan operation has a `_<operation>` method in one of the intent modules
        builder: Callable[[], str] = getattr(self, "_" + self.plan.operation, self._fallback)
        return builder()

    def sources(self) -> list[str]:
        return source_labels(self.runs)

    # -- helpers ----------------------------------------------------------------------------------------------

    def _etf(self, row: dict[str, Any], key: str = "ticker") -> str:
        return f"{row.get('name') or row.get(key)}({row.get(key)})"

    def _names(self, kind: str) -> str:
        names = [m.name for m in self.linking.mentions if m.type == kind]
        return ", ".join(dict.fromkeys(names))

    def _price_note(self, row: dict[str, Any]) -> str:
        return self.t(f"{row['price_date']} 기준", f"as of {row['price_date']}") if row.get("price_date") else ""

    def _holdings_note(self, date: Any) -> str:
        return self.t(f"{date} 기준", f"as of {date}") if date else ""

    def _list(self, rows: Rows, render: Callable[[dict[str, Any]], str], limit: int = 10) -> str:
        return "; ".join(f"{i}. {render(r)}" for i, r in enumerate(rows[:limit], start=1))

    def _missing(self) -> str:
        return self.t("해당하는 데이터를 찾지 못했습니다.", "No matching data was found.")

    def _fallback(self) -> str:
        return self._missing()

    def _llm(self) -> str:
        """Rows of a generated plan when the chat model does not write the answer itself."""
        parts = []
        for number, run in enumerate(self.runs, start=1):
            rows = "; ".join(", ".join(f"{k}={v}" for k, v in row.items()) for row in run.rows[:5])
            parts.append(f"[{number}] {run.step.purpose}: {rows or self.t('결과 없음', 'no rows')}")
        return " ".join(parts)
