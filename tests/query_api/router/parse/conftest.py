from __future__ import annotations

import pytest

from query_api.router.parse import Dictionary
from tests.query_api.router.parse.rows import ROWS


@pytest.fixture(scope="session")
def small_dictionary() -> Dictionary:
    """Built once per session: Kiwi and its user dictionary take a few seconds to load."""
    return Dictionary.from_rows(ROWS)
