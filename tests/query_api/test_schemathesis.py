"""The API against its own OpenAPI schema: the schemathesis CLI with `--checks all` (server errors, status codes,
content types, response and SSE event schemas, schema-valid requests accepted, schema-invalid ones rejected,
headers, unsupported methods) against a real `atlas serve` process. Zero failures means every constraint a handler
enforces is declared in the schema, and every response is documented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.query_api.conftest import Server

CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = 14
MIN_OPERATIONS = 10
MIN_CASES = 300
# Operations of issue 12 (history, portfolio) that schemathesis still fails, while that work is open: a failure
# there marks this test xfail with the list; a failure anywhere else fails it. Remove entries as they are fixed.
PENDING = {
    "GET /v1/etfs/{ticker}/changes",  # kind=null accepted (ChangeKind | None); from > to answered 400
    "GET /v1/etfs/{ticker}/holdings/history",  # from > to answered 400
    "GET /v1/etfs/{ticker}/prices",  # from > to answered 400
    "GET /v1/stocks/{code}/holders/history",  # from > to answered 400
    "POST /v1/portfolio/exposure",  # "exactly one of amount_krw/units" not in the schema (__schema_extra__ oneOf)
}
FAILED_OPERATION = re.compile(r"^_{3,} ((?:GET|POST|PUT|PATCH|DELETE) \S+) _{3,}$", re.MULTILINE)


@pytest.mark.timeout(1200)
def test_schemathesis_checks_all_report_no_failures(live_server: Server, tmp_path: Path) -> None:
    cli = Path(sys.executable).with_name("schemathesis")
    out = subprocess.run(
        [
            str(cli),
            "--no-color",
            "--config-file",
            str(CONFIG),
            "run",
            f"{live_server.base_url}/schema/openapi.json",
            "--checks",
            "all",
            "--seed",
            str(SEED),
            "--request-timeout",
            "10",
            "--max-failures",
            "50",
        ],
        capture_output=True,
        text=True,
        timeout=1100,
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )
    report = out.stdout[-6000:]
    tested = re.search(r"Tested:\s+(\d+)", out.stdout)
    cases = re.search(r"(\d+) generated", out.stdout)
    assert tested and int(tested.group(1)) >= MIN_OPERATIONS, report
    assert cases and int(cases.group(1)) >= MIN_CASES, report
    failing = set(FAILED_OPERATION.findall(out.stdout))
    assert not failing - PENDING, out.stdout[-20000:]
    if failing:
        pytest.xfail(f"issue-12 operations still failing schemathesis: {sorted(failing)}")
    assert out.returncode == 0 and "Failures:" not in out.stdout, report
