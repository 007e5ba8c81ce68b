"""Errors of the KRX client: one line that names the endpoint and the date, printable by the CLI."""

from __future__ import annotations

from datetime import date

from atlas.errors import AtlasError


def describe_request(endpoint: str, day: date | None, isu_cd: str | None = None) -> str:
    """`KRX MDCSTAT05001 (ETF holdings) for 2024-11-06, isuCd KR7069500007` (the prefix of every message)."""
    text = f"KRX {endpoint}"
    if day is not None:
        text += f" for {day.isoformat()}"
    if isu_cd:
        text += f", isuCd {isu_cd}"
    return text


class KrxError(AtlasError):
    """KRX could not be asked or did not answer usefully (after the retries)."""


class KrxResponseError(KrxError):
    """KRX answered, but the answer is not what the endpoint returns (not JSON, no output, wrong types)."""
