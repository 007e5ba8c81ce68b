"""Live transport against a local server that speaks KRX's protocol (login, LOGOUT, 5xx, timeouts, bad bodies)."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.lib.krx import KrxClient, KrxCredentials, KrxError, KrxResponseError, ReplayTransport
from orchestration.lib.krx.live import LiveTransport
from tests.orchestration.lib.conftest import SNAPSHOT, TEST_POLICY, live_client, snapshot_holdings
from tests.support.fake_krx import FakeKrx

DAY = date(2025, 12, 30)


def test_logs_in_once_then_serves_what_replay_serves(fake_krx: FakeKrx, live_krx: KrxClient) -> None:
    replay = KrxClient(ReplayTransport(SNAPSHOT))
    assert live_krx.etf_prices(DAY).rows == replay.etf_prices(DAY).rows
    holdings = live_krx.etf_holdings(date(2024, 11, 6), "KR7069500007")
    assert holdings.rows == replay.etf_holdings(date(2024, 11, 6), "KR7069500007").rows
    assert fake_krx.logins == 1
    login = fake_krx.login_posts()[0]
    assert (login.form["mbrId"], login.form["pw"]) == (fake_krx.member_id, fake_krx.password)


def test_data_requests_carry_krx_form_fields_and_headers(fake_krx: FakeKrx, live_krx: KrxClient) -> None:
    live_krx.etf_holdings(date(2024, 11, 6), "KR7069500007")
    request = fake_krx.data_requests()[-1]
    assert request.form["bld"] == "dbms/MDC/STAT/standard/MDCSTAT05001"
    assert (request.form["trdDd"], request.form["isuCd"]) == ("20241106", "KR7069500007")
    assert request.headers["Referer"].startswith(fake_krx.base_url + "/contents/MDC/")
    assert request.headers["User-Agent"].startswith("Mozilla/5.0")
    assert "JSESSIONID=" in request.headers["Cookie"]
    live_krx.stock_master()
    assert fake_krx.data_requests()[-1].form["mktId"] == "ALL"


def test_masters_are_todays_in_kst(fake_krx: FakeKrx) -> None:
    transport = LiveTransport(
        fake_krx.base_url,
        KrxCredentials(fake_krx.member_id, fake_krx.password),
        policy=TEST_POLICY,
        today=lambda: date(2026, 2, 2),
    )
    with KrxClient(transport) as client:
        table = client.etf_master()
        assert table.day == date(2026, 2, 2) and len(table.rows) == 1066
        assert {row["as_of_date"] for row in table.rows} == {date(2026, 2, 2)}
        assert "trdDd" not in fake_krx.data_requests()[-1].form
        assert client.available_dates("etf_master") == [date(2026, 2, 2)]
        # Daily data: the weekdays of the range (holidays are found by asking).
        assert client.available_dates("prices", date(2026, 1, 30), date(2026, 2, 3)) == [
            date(2026, 1, 30),
            date(2026, 2, 2),
            date(2026, 2, 3),
        ]


def test_an_expired_session_logs_in_again_once(fake_krx: FakeKrx, live_krx: KrxClient) -> None:
    live_krx.etf_prices(DAY)
    fake_krx.expire_sessions()
    assert len(live_krx.etf_prices(DAY).rows) == 1058
    assert fake_krx.logins == 2
    fake_krx.fail_next("logout")  # KRX drops the session and answers LOGOUT
    assert len(live_krx.etf_prices(DAY).rows) == 1058
    assert fake_krx.logins == 3
    statuses = [request.status for request in fake_krx.data_requests()]
    assert statuses == [200, 400, 200, 400, 200]


def test_logout_right_after_a_fresh_login_is_an_error(fake_krx: FakeKrx, live_krx: KrxClient) -> None:
    fake_krx.state.always_logout = True
    with pytest.raises(KrxError, match=r"MDCSTAT04301 for 2025-12-30.*still answers LOGOUT"):
        live_krx.etf_prices(DAY)
    assert fake_krx.logins == 2  # the first login and exactly one retry


def test_without_credentials_logout_says_what_to_set(fake_krx: FakeKrx) -> None:
    transport = LiveTransport(fake_krx.base_url, None, policy=TEST_POLICY)
    with KrxClient(transport) as client, pytest.raises(KrxError, match="set KRX_ID and KRX_PW"):
        client.etf_prices(DAY)


def test_a_wrong_password_is_a_clear_login_error(fake_krx: FakeKrx) -> None:
    client = live_client(fake_krx, KrxCredentials(fake_krx.member_id, "wrong"))
    with client, pytest.raises(KrxError, match="login as 'atlas' failed: CD002"):
        client.etf_prices(DAY)
    assert fake_krx.data_requests() == []


def test_a_duplicate_login_is_resent_with_skip_dup(fake_krx: FakeKrx, live_krx: KrxClient) -> None:
    fake_krx.state.duplicate_login = True
    assert live_krx.etf_prices(DAY).trading_day
    posts = fake_krx.login_posts()
    assert [post.form.get("skipDup") for post in posts] == [None, "Y"]


def test_5xx_bursts_timeouts_and_cut_connections_are_retried(fake_krx: FakeKrx, live_krx: KrxClient) -> None:
    fake_krx.fail_next("503", "500")
    assert len(live_krx.etf_prices(DAY).rows) == 1058
    fake_krx.fail_next("timeout", "truncated")
    assert len(live_krx.etf_prices(DAY).rows) == 1058
    assert len(fake_krx.data_requests()) == 6


@pytest.mark.parametrize(
    ("faults", "last"), [(("503", "502", "500"), "HTTP 500"), (("timeout", "timeout", "timeout"), "timed out")]
)
def test_after_the_last_try_the_error_names_endpoint_date_and_cause(
    fake_krx: FakeKrx, live_krx: KrxClient, faults: tuple[str, ...], last: str
) -> None:
    fake_krx.fail_next(*faults)
    with pytest.raises(KrxError) as caught:
        live_krx.etf_holdings(date(2024, 11, 6), "KR7069500007")
    message = str(caught.value)
    assert "MDCSTAT05001 for 2024-11-06, isuCd KR7069500007" in message
    assert "after 3 attempts" in message and last in message


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("malformed", "not JSON"),
        ("cut_json", "not JSON"),
        ("no_output", "has no 'output'"),
        ("numbers", "KRX sends strings"),
    ],
)
def test_malformed_answers_are_response_errors_without_retries(
    fake_krx: FakeKrx, live_krx: KrxClient, fault: str, message: str
) -> None:
    fake_krx.fail_next(fault)
    with pytest.raises(KrxResponseError, match=rf"MDCSTAT04301 for 2025-12-30.*{message}"):
        live_krx.etf_prices(DAY)
    assert len(fake_krx.data_requests()) == 1  # a deterministic bad answer is not asked again


def test_holiday_rows_mean_no_trading_day(fake_krx: FakeKrx, live_krx: KrxClient) -> None:
    fake_krx.fail_next("holiday", "holiday")
    prices = live_krx.etf_prices(DAY)
    assert not prices.trading_day and prices.rows == []
    holdings = live_krx.etf_holdings(date(2024, 11, 6), "KR7069500007")
    assert not holdings.trading_day


def test_a_day_krx_has_nothing_for_is_no_trading_day(live_krx: KrxClient) -> None:
    assert not live_krx.etf_prices(date(2025, 12, 25)).trading_day


def test_kind_download_is_read_from_euc_kr_html(fake_krx: FakeKrx, live_krx: KrxClient) -> None:
    replayed = {row["code"]: row for row in KrxClient(ReplayTransport(SNAPSHOT)).kind_companies().rows}
    fetched = live_krx.kind_companies()
    assert len(fetched.rows) == len(replayed)
    markets = {"KOSDAQ GLOBAL": "KOSDAQ"}  # KIND's own list says 코스닥 for both
    for row in fetched.rows:
        want = replayed[row["code"]]
        assert (row["name"], row["industry"], row["listing_date"]) == (
            want["name"],
            want["industry"],
            want["listing_date"],
        )
        assert row["market"] == markets.get(want["market"], want["market"])


def test_kofia_has_no_live_fetch_and_says_so(live_krx: KrxClient) -> None:
    with pytest.raises(KrxError, match=r"no live fetch.*replay"):
        live_krx.kofia_fees()


def test_holdings_of_a_whole_day_match_the_recording(fake_krx: FakeKrx, live_krx: KrxClient) -> None:
    answers = snapshot_holdings("20210402")
    for isin, answer in answers.items():
        table = live_krx.etf_holdings(date(2021, 4, 2), isin)
        assert len(table.rows) == len(answer["output"])
