"""docs/data-contract.md names every IR node kind and every set constraint by its JSON tag (the IR is the source)."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from query_api.router import ir

DOC = Path(__file__).resolve().parents[3] / "docs" / "data-contract.md"


def _ir_section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Query IR")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


def _tags(union: object) -> list[str]:
    return [t.__struct_config__.tag for t in typing.get_args(union)]


@pytest.mark.parametrize("tag", _tags(ir.Query) + _tags(ir.Constraint))
def test_the_contract_names_each_ir_kind(tag: str) -> None:
    assert f"`{tag}`" in _ir_section(), f"docs/data-contract.md's Query IR section does not name `{tag}`"
