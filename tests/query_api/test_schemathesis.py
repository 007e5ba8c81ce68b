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
    failing = sorted(set(FAILED_OPERATION.findall(out.stdout)))
    assert not failing, f"operations failing schemathesis: {failing}\n{out.stdout[-20000:]}"
    assert out.returncode == 0 and "Failures:" not in out.stdout, report
