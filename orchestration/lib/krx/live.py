"""Live transport: KRX's data portal over HTTP, with the members' login, a polite pace and retries.

Since 2025-12 KRX serves `getJsonData.cmd` only to logged-in members: without a session it answers
HTTP 400 with the body `LOGOUT`. The login is the portal's own form (as public KRX clients do it):
GET the login page and its frame for a JSESSIONID, then POST `mbrId`/`pw` to MDCCOMS001D1.cmd, which
answers JSON with `_error_code` CD001 (ok) or CD011 (already logged in elsewhere: resend with skipDup=Y).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

import httpx

from orchestration.lib.krx.datasets import Dataset
from orchestration.lib.krx.errors import KrxError, describe_request
from orchestration.lib.krx.kind import kind_html_to_csv
from orchestration.lib.krx.parser import decode_json
from orchestration.lib.krx.transport import Fetched, kst_today, weekdays

KRX_BASE_URL = "https://data.krx.co.kr"
JSON_PATH = "/comm/bldAttendant/getJsonData.cmd"
LOGIN_PAGE_PATH = "/contents/MDC/COMS/client/MDCCOMS001.cmd"
LOGIN_FRAME_PATH = "/contents/MDC/COMS/client/view/login.jsp?site=mdc"
LOGIN_PATH = "/contents/MDC/COMS/client/MDCCOMS001D1.cmd"
# The portal page the JSON requests come from; KRX rejects data requests without a Referer of its own.
REFERER_PATH = "/contents/MDC/MDI/mdiLoader/index.cmd?menuId=MDC0201"
KIND_URL = "https://kind.krx.co.kr/corpgeneral/corpList.do?method=download&searchType=13"
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
LOGIN_OK, LOGIN_DUPLICATE = "CD001", "CD011"
LOGOUT_BODY = b"LOGOUT"


@dataclass(frozen=True)
class KrxCredentials:
    member_id: str
    password: str = field(repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> KrxCredentials | None:
        member_id, password = env.get("KRX_ID", "").strip(), env.get("KRX_PW", "")
        return cls(member_id, password) if member_id and password else None


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # per request, for timeouts, connection errors and 5xx
    backoff_s: float = 1.0  # waits 1, 2, 4 s between attempts
    timeout_s: float = 30.0
    min_interval_s: float = 0.5  # between any two requests: KRX blocks clients that hammer it

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> RetryPolicy:
        """KRX_RETRIES, KRX_BACKOFF_S, KRX_TIMEOUT_S, KRX_MIN_INTERVAL_S override the polite defaults."""
        default = cls()
        return cls(
            attempts=int(env.get("KRX_RETRIES") or default.attempts),
            backoff_s=float(env.get("KRX_BACKOFF_S") or default.backoff_s),
            timeout_s=float(env.get("KRX_TIMEOUT_S") or default.timeout_s),
            min_interval_s=float(env.get("KRX_MIN_INTERVAL_S") or default.min_interval_s),
        )


class LiveTransport:
    kind = "live"

    def __init__(
        self,
        base_url: str = KRX_BASE_URL,
        credentials: KrxCredentials | None = None,
        *,
        login_url: str | None = None,
        kind_url: str = KIND_URL,
        policy: RetryPolicy | None = None,
        today: Callable[[], date] = kst_today,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.login_url = login_url or self.base_url + LOGIN_PATH
        self.kind_url = kind_url
        self.policy = policy or RetryPolicy()
        self._credentials = credentials
        self._today = today
        self._sleep = sleep
        self._logged_in = False
        self._last_request = float("-inf")
        self._http = httpx.Client(
            timeout=self.policy.timeout_s, headers={"User-Agent": USER_AGENT}, follow_redirects=True
        )

    def describe(self) -> str:
        return f"live:{self.base_url}"

    def close(self) -> None:
        self._http.close()

    def available_dates(self, dataset: Dataset, start: date | None = None, end: date | None = None) -> list[date]:
        """Weekdays of the range for daily data (holidays answer "no trading"); today for snapshots."""
        end = end or self._today()
        return weekdays(start or end, end) if dataset.daily else [self._today()]

    def recorded_etfs(self, dataset: Dataset, day: date) -> list[str]:
        """Nothing is recorded: live holdings are asked for the ETFs of that day's quotes (which carry ISU_CD)."""
        return []

    def fetch(self, dataset: Dataset, day: date | None, isu_cd: str | None = None) -> Fetched:
        if dataset.bld_code is None:
            return self._fetch_file(dataset)
        if dataset.daily and day is None:
            raise ValueError(f"{dataset.name} is daily: a trade date is needed")
        # KRX's masters take no date: they are always today's.
        served = day if dataset.daily and day is not None else self._today()
        where = f"{describe_request(dataset.bld_code, served, isu_cd)} ({dataset.label})"
        form = {"bld": f"dbms/MDC/STAT/standard/{dataset.bld_code}", **dataset.form}
        if dataset.daily:
            form["trdDd"] = served.strftime("%Y%m%d")
        if dataset.per_etf:
            form["isuCd"] = isu_cd or ""
        if self._credentials is not None and not self._logged_in:
            self._login(where)
        headers = {"Referer": self.base_url + REFERER_PATH, "X-Requested-With": "XMLHttpRequest"}
        for relogged in (False, True):
            response = self._send("POST", self.base_url + JSON_PATH, where, data=form, headers=headers)
            if not _is_logout(response):
                break
            if relogged:
                raise KrxError(f"{where}: KRX still answers LOGOUT right after a fresh login (check KRX_ID/KRX_PW)")
            self._logged_in = False
            self._login(where)
        if response.status_code >= 400:
            raise KrxError(f"{where}: HTTP {response.status_code} {_snippet(response.content)}")
        return Fetched(decode_json(response.content, dataset, served, isu_cd), served)

    def _fetch_file(self, dataset: Dataset) -> Fetched:
        if dataset.name == "kind_companies":
            response = self._send("GET", self.kind_url, "KIND corpList", headers={"Referer": "https://kind.krx.co.kr/"})
            if response.status_code >= 400:
                raise KrxError(f"KIND corpList: HTTP {response.status_code} {_snippet(response.content)}")
            # KIND serves EUC-KR (cp949 is its superset) unless the response says otherwise.
            html = response.content.decode(response.charset_encoding or "cp949", errors="replace")
            return Fetched(kind_html_to_csv(html), self._today())
        raise KrxError(
            f"{dataset.label}: there is no live fetch. KOFIA's fee comparison (dis.kofia.or.kr) is an interactive, "
            "session-bound page this client does not automate; use KRX_SOURCE=replay:<dir> with "
            f"{dataset.replay_dir}/<YYYYMMDD>{dataset.replay_suffix} (e.g. the bundled snapshot)"
        )

    def _login(self, where: str) -> None:
        if self._credentials is None:
            raise KrxError(
                f"{where}: KRX answered LOGOUT. Its data portal needs a members' login since 2025-12: "
                "set KRX_ID and KRX_PW (or use KRX_SOURCE=replay:<dir>)"
            )
        page = self.base_url + LOGIN_PAGE_PATH
        self._send("GET", page, "KRX login page")  # sets the JSESSIONID cookie
        self._send("GET", self.base_url + LOGIN_FRAME_PATH, "KRX login page", headers={"Referer": page})
        form = {"mbrNm": "", "telNo": "", "di": "", "certType": ""}
        form |= {"mbrId": self._credentials.member_id, "pw": self._credentials.password}
        answer = self._login_post(form, page)
        if answer.get("_error_code") == LOGIN_DUPLICATE:  # a session of this member is open elsewhere
            answer = self._login_post(form | {"skipDup": "Y"}, page)
        if answer.get("_error_code") != LOGIN_OK:
            code, message = answer.get("_error_code"), answer.get("_error_message")
            raise KrxError(f"KRX login as {self._credentials.member_id!r} failed: {code} {message}")
        self._logged_in = True

    def _login_post(self, form: dict[str, str], referer: str) -> dict:
        response = self._send("POST", self.login_url, "KRX login", data=form, headers={"Referer": referer})
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if response.status_code >= 400 or not isinstance(answer, dict):
            raise KrxError(f"KRX login: HTTP {response.status_code}, not a login answer: {_snippet(response.content)}")
        return answer

    def _send(self, method: str, url: str, where: str, **kwargs: object) -> httpx.Response:
        """One request with the pace and the retries (timeouts, connection errors, 5xx) applied."""
        attempts, last = max(1, self.policy.attempts), ""
        for attempt in range(1, attempts + 1):
            self._pace()
            try:
                response = self._http.request(method, url, **kwargs)  # type: ignore[arg-type]
            except httpx.TimeoutException:
                last = f"timed out after {self.policy.timeout_s:g} s"
            except httpx.TransportError as exc:
                last = f"{exc.__class__.__name__}: {exc}"
            else:
                if response.status_code < 500:
                    return response
                last = f"HTTP {response.status_code}"
            if attempt < attempts:
                self._sleep(self.policy.backoff_s * 2 ** (attempt - 1))
        raise KrxError(f"{where}: no usable answer after {attempts} attempts (last: {last})")

    def _pace(self) -> None:
        wait = self._last_request + self.policy.min_interval_s - time.monotonic()
        if wait > 0:
            self._sleep(wait)
        self._last_request = time.monotonic()


def _is_logout(response: httpx.Response) -> bool:
    return response.status_code == 400 or response.content.strip() == LOGOUT_BODY


def _snippet(body: bytes) -> str:
    return repr(" ".join(body[:120].decode("utf-8", "replace").split()))
