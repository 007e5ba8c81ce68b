"""KIND's listed-company download (상장법인목록, an HTML table in EUC-KR) turned into the replay CSV format."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

from orchestration.lib.krx.errors import KrxResponseError

KIND_CSV_HEADER = ("Code", "Name", "Market", "Industry", "ListingDate")
# KIND's column → replay CSV column.
_HEADER_MAP = {"종목코드": "Code", "회사명": "Name", "시장구분": "Market", "업종": "Industry", "상장일": "ListingDate"}
# KIND prints the market in Korean; the replay (and raw.kind_companies) keeps KRX's English market names.
MARKET_NAMES = {"유가": "KOSPI", "유가증권": "KOSPI", "코스닥": "KOSDAQ", "코넥스": "KONEX"}


class _TableCells(HTMLParser):
    """Collects the text of every <th>/<td> cell, row by row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def kind_html_to_csv(html: str) -> str:
    """The KIND table as `Code,Name,Market,Industry,ListingDate` CSV; KrxResponseError if it is not that table."""
    cells = _TableCells()
    cells.feed(html)
    rows = [row for row in cells.rows if row]
    if not rows or "종목코드" not in rows[0] or "회사명" not in rows[0]:
        head = " ".join(html[:80].split())
        raise KrxResponseError(f"KIND corpList: the answer is not the listed-company table; it starts with {head!r}")
    header = rows[0]
    positions = {_HEADER_MAP[name]: i for i, name in enumerate(header) if name in _HEADER_MAP}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(KIND_CSV_HEADER)
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise KrxResponseError(f"KIND corpList: table row {number} has {len(row)} cells, the header {len(header)}")
        record = {name: row[i] for name, i in positions.items()}
        code = record["Code"]
        # Excel-style downloads may lose leading zeros of numeric codes.
        record["Code"] = code.zfill(6) if code.isdigit() else code
        record["Market"] = MARKET_NAMES.get(record.get("Market", ""), record.get("Market", ""))
        writer.writerow([record.get(name, "") for name in KIND_CSV_HEADER])
    return out.getvalue()
