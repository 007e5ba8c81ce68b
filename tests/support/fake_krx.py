"""A local stand-in for data.krx.co.kr (and KIND's corpList download) speaking KRX's protocol over real sockets.

It serves the recorded snapshot (../shared/data/krx) the way KRX does: a members' login (JSESSIONID cookie,
MDCCOMS001D1.cmd answering CD001/CD011), HTTP 400 `LOGOUT` for data requests without a logged-in session,
`getJsonData.cmd` bodies keyed by `bld`/`trdDd`/`isuCd`. Tests script faults for the next data requests:
5xx bursts, slow answers (client timeouts), HTML instead of JSON, bodies cut mid-transfer, holiday rows,
session expiry. It reads the snapshot files itself, independently of the replay transport under test.
"""

from __future__ import annotations

import csv
import gzip
import html
import json
import sys
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from atlas.config import DEFAULT_KRX_DIR

JSON_PATH = "/comm/bldAttendant/getJsonData.cmd"
LOGIN_PAGE_PATH = "/contents/MDC/COMS/client/MDCCOMS001.cmd"
LOGIN_FRAME_PATH = "/contents/MDC/COMS/client/view/login.jsp"
LOGIN_PATH = "/contents/MDC/COMS/client/MDCCOMS001D1.cmd"
KIND_PATH = "/corpgeneral/corpList.do"
BLD_PREFIX = "dbms/MDC/STAT/standard/"
CURRENT_DATETIME = "2026.11.25 PM 06:00:00"
# Faults a test can queue for the next data requests (one per request, in order; "ok" = a normal answer).
FAULTS = frozenset(
    {
        "ok",
        "500",
        "502",
        "503",
        "timeout",
        "malformed",
        "truncated",
        "cut_json",
        "holiday",
        "logout",
        "no_output",
        "numbers",
    }
)
# Numeric fields per endpoint (a KRX holiday answer has "-" in them).
_VALUE_KEYS = {
    "MDCSTAT04301": (
        "TDD_CLSPRC",
        "CMPPREVDD_PRC",
        "FLUC_RT",
        "NAV",
        "TDD_OPNPRC",
        "TDD_HGPRC",
        "TDD_LWPRC",
        "ACC_TRDVOL",
        "ACC_TRDVAL",
        "MKTCAP",
        "LIST_SHRS",
    ),
    "MDCSTAT05001": ("COMPST_ISU_CU1_SHRS", "VALU_AMT", "COMPST_AMT", "COMPST_RTO"),
}
_KIND_MARKETS = {"KOSPI": "유가", "KOSDAQ": "코스닥", "KOSDAQ GLOBAL": "코스닥", "KONEX": "코넥스"}


@dataclass
class Seen:
    method: str
    path: str
    form: dict[str, str]
    headers: dict[str, str]
    status: int = 0


@dataclass
class _State:
    member_id: str
    password: str
    sessions: dict[str, bool] = field(default_factory=dict)  # JSESSIONID -> logged in
    faults: deque[str] = field(default_factory=deque)
    duplicate_login: bool = False
    always_logout: bool = False
    slow_s: float = 2.0
    logins: int = 0
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Snapshot:
    """The snapshot's files, read the plain way (latest master, date files, holdings by ISIN)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._holdings: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def answer(self, code: str, form: dict[str, str]) -> dict[str, Any]:
        folder = self.root / code
        if code in ("MDCSTAT04601", "MDCSTAT01901"):
            latest = sorted(folder.glob("*.json"))[-1]
            return json.loads(latest.read_text(encoding="utf-8"))
        day = form.get("trdDd", "")
        if code == "MDCSTAT04301":
            path = folder / f"{day}.json"
            return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"output": []}
        if code == "MDCSTAT05001":
            return self._holdings_of(day).get(form.get("isuCd", ""), {"output": []})
        raise KeyError(code)

    def _holdings_of(self, day: str) -> dict[str, Any]:
        with self._lock:
            if day not in self._holdings:
                path = self.root / "MDCSTAT05001" / f"{day}.jsonl.gz"
                index: dict[str, Any] = {}
                if path.exists():
                    with gzip.open(path, "rt", encoding="utf-8") as lines:
                        for line in lines:
                            entry = json.loads(line)
                            index[entry["params"]["isuCd"]] = entry["response"]
                self._holdings[day] = index
            return self._holdings[day]

    def kind_html(self) -> str:
        path = sorted((self.root / "KIND_corpList").glob("*.csv"))[-1]
        rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
        header = [
            "회사명",
            "시장구분",
            "종목코드",
            "업종",
            "주요제품",
            "상장일",
            "결산월",
            "대표자명",
            "홈페이지",
            "지역",
        ]
        cells = ["<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"]
        for row in rows:
            values = [row["Name"], _KIND_MARKETS.get(row["Market"], row["Market"]), row["Code"], row["Industry"]]
            values += ["", row["ListingDate"], "12월", "", "", ""]
            cells.append("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in values) + "</tr>")
        return '<html><head><meta http-equiv="Content-Type" content="application/vnd.ms-excel;charset=euc-kr">' + (
            "</head><body><table border='1'>" + "\n".join(cells) + "</table></body></html>"
        )


def _holiday(body: dict[str, Any], code: str) -> dict[str, Any]:
    keys = _VALUE_KEYS.get(code, ())
    return {**body, "output": [{k: ("-" if k in keys else v) for k, v in row.items()} for row in body["output"]]}


def _numbers(body: dict[str, Any]) -> dict[str, Any]:
    # Wrong types: a numeric field sent as a JSON number instead of KRX's string.
    rows = [dict(row) for row in body.get("output", [])] or [{"ISU_SRT_CD": "069500"}]
    first_key = next(k for k in rows[0] if k not in ("ISU_SRT_CD", "ISU_CD", "ISU_ABBRV", "COMPST_ISU_CD"))
    rows[0][first_key] = 12345
    return {**body, "output": rows}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return

    # -- plumbing -----------------------------------------------------------------------------------------
    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}

    def _session(self) -> str | None:
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        return cookie["JSESSIONID"].value if "JSESSIONID" in cookie else None

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        self._seen.status = status

    def _json(self, payload: Any, status: int = 200) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json;charset=UTF-8")

    def _record(self, method: str, form: dict[str, str]) -> Seen:
        headers = {
            k: v for k, v in self.headers.items() if k in ("User-Agent", "Referer", "Cookie", "X-Requested-With")
        }
        self._seen = Seen(method, urlsplit(self.path).path, form, headers)
        with self.server.state.lock:
            self.server.state.seen.append(self._seen)
        return self._seen

    # -- routes -------------------------------------------------------------------------------------------
    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        self._record("GET", {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()})
        if path == LOGIN_PAGE_PATH:
            session = uuid.uuid4().hex
            with self.server.state.lock:
                self.server.state.sessions[session] = False
            self._send(200, b"<html>login</html>", "text/html", {"Set-Cookie": f"JSESSIONID={session}; Path=/"})
        elif path == LOGIN_FRAME_PATH:
            self._send(200, b"<html>login frame</html>", "text/html")
        elif path == KIND_PATH:
            # KIND declares no charset in the HTTP header; the bytes are EUC-KR.
            self._send(200, self.server.snapshot.kind_html().encode("cp949"), "application/vnd.ms-excel")
        else:
            self._send(404, b"not found", "text/plain")

    def do_POST(self) -> None:
        path, form = urlsplit(self.path).path, self._form()
        self._record("POST", form)
        if path == LOGIN_PATH:
            self._login(form)
        elif path == JSON_PATH:
            self._data(form)
        else:
            self._send(404, b"not found", "text/plain")

    def _login(self, form: dict[str, str]) -> None:
        state, session = self.server.state, self._session()
        if session is None or session not in state.sessions:
            self._json({"_error_code": "CD999", "_error_message": "세션이 없습니다"})
            return
        if form.get("mbrId") != state.member_id or form.get("pw") != state.password:
            self._json({"_error_code": "CD002", "_error_message": "아이디 또는 비밀번호가 일치하지 않습니다"})
            return
        if state.duplicate_login and form.get("skipDup") != "Y":
            self._json({"_error_code": "CD011", "_error_message": "중복 로그인"})
            return
        with state.lock:
            state.sessions[session] = True
            state.logins += 1
        self._json({"_error_code": "CD001", "_error_message": "정상", "MDC_MBR_TP_CD": "P"})

    def _data(self, form: dict[str, str]) -> None:
        state = self.server.state
        if not self.headers.get("Referer") or not self.headers.get("User-Agent"):
            self._send(403, b"<html>Forbidden</html>", "text/html")
            return
        with state.lock:
            fault = state.faults.popleft() if state.faults else None
        session = self._session()
        if fault == "logout" and session in state.sessions:
            state.sessions[session] = False  # the session expired on KRX's side
        if fault in ("500", "502", "503"):
            self._send(int(fault), b"<html>Service Unavailable</html>", "text/html")
            return
        if fault == "timeout":
            time.sleep(state.slow_s)
        if state.always_logout or not state.sessions.get(session or "", False):
            self._send(400, b"LOGOUT", "text/html;charset=UTF-8")
            return
        if fault == "malformed":
            self._send(200, "<html><body>서비스 점검 중입니다</body></html>".encode(), "text/html;charset=UTF-8")
            return
        code = form.get("bld", "").removeprefix(BLD_PREFIX)
        try:
            body = self.server.snapshot.answer(code, form)
        except KeyError:
            self._send(400, b"unknown bld", "text/plain")
            return
        body = {**body, "CURRENT_DATETIME": CURRENT_DATETIME}
        if fault == "holiday":
            body = _holiday(body, code)
        elif fault == "no_output":
            body = {"CURRENT_DATETIME": CURRENT_DATETIME}
        elif fault == "numbers":
            body = _numbers(body)
        encoded = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if fault == "truncated":  # the connection drops mid-body
            self.send_response(200)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(encoded)))
            self.end_headers()
            self.wfile.write(encoded[: len(encoded) // 2])
            self.wfile.flush()
            self.close_connection = True
            self._seen.status = 200
            return
        if fault == "cut_json":  # a complete HTTP answer whose JSON stops half-way
            encoded = encoded[: len(encoded) // 2]
        self._send(200, encoded, "application/json;charset=UTF-8")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    state: _State
    snapshot: _Snapshot

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that timed out has gone before the slow answer is written: expected, not an error.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class FakeKrx:
    """`with FakeKrx() as krx:` serves on 127.0.0.1:<free port>; point LiveTransport at `krx.base_url`."""

    def __init__(self, data_dir: Path = DEFAULT_KRX_DIR, member_id: str = "atlas", password: str = "pw-1234") -> None:
        self.state = _State(member_id, password)
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self.state
        self._server.snapshot = _Snapshot(Path(data_dir))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-krx", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def kind_url(self) -> str:
        return f"{self.base_url}{KIND_PATH}?method=download&searchType=13"

    @property
    def member_id(self) -> str:
        return self.state.member_id

    @property
    def password(self) -> str:
        return self.state.password

    def start(self) -> FakeKrx:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeKrx:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fail_next(self, *faults: str) -> None:
        """Queue faults for the next data requests (one each, in order)."""
        unknown = set(faults) - FAULTS
        if unknown:
            raise ValueError(f"unknown fault(s) {sorted(unknown)}; known: {sorted(FAULTS)}")
        with self.state.lock:
            self.state.faults.extend(faults)

    def expire_sessions(self) -> None:
        with self.state.lock:
            for session in self.state.sessions:
                self.state.sessions[session] = False

    @property
    def logins(self) -> int:
        return self.state.logins

    def data_requests(self) -> list[Seen]:
        return [seen for seen in self.state.seen if seen.path == JSON_PATH]

    def login_posts(self) -> list[Seen]:
        return [seen for seen in self.state.seen if seen.path == LOGIN_PATH]
