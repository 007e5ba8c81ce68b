"""KIND's HTML download → the replay CSV."""

from __future__ import annotations

import pytest

from orchestration.lib.krx import KrxResponseError
from orchestration.lib.krx.kind import kind_html_to_csv

TABLE = """<table><tr><th>회사명</th><th>시장구분</th><th>종목코드</th><th>업종</th><th>상장일</th></tr>
<tr><td>삼성전자</td><td>유가</td><td>5930</td><td>통신 및 방송 장비 제조업</td><td>1975-06-11</td></tr>
<tr><td>CJ4우(전환)</td><td>유가</td><td>00104K</td><td></td><td></td></tr>
<tr><td>에이&amp;비</td><td>코넥스</td><td>123456</td><td>기타, 금융업</td><td>2020-01-02</td></tr></table>"""


def test_kind_table_becomes_the_replay_csv() -> None:
    assert kind_html_to_csv(TABLE).splitlines() == [
        "Code,Name,Market,Industry,ListingDate",
        "005930,삼성전자,KOSPI,통신 및 방송 장비 제조업,1975-06-11",  # leading zeros restored
        "00104K,CJ4우(전환),KOSPI,,",
        '123456,에이&비,KONEX,"기타, 금융업",2020-01-02',
    ]


@pytest.mark.parametrize(
    "html",
    [
        "<html><body>점검 중</body></html>",
        "<table><tr><th>회사명</th><th>종목코드</th></tr><tr><td>삼성전자</td></tr></table>",
    ],
)
def test_anything_but_the_table_is_refused(html: str) -> None:
    with pytest.raises(KrxResponseError, match="KIND corpList"):
        kind_html_to_csv(html)
