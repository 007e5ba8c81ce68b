"""Optional LLM planning (placeholder until implemented): returns None so the deterministic plan is used."""

from __future__ import annotations

from typing import Any

from query_api.config import ApiConfig


class LlmPlanner:
    def __init__(self, config: ApiConfig) -> None:
        self.config = config

    async def plan(self, question: str, decision: Any, linking: Any, neighbours: Any) -> Any:
        return None
