"""Answer formats: KRW in 조/억원, fees, and Korean particles after names."""

from __future__ import annotations

from query_api.router import formats as f


def test_krw_in_jo_and_eok() -> None:
    assert f.krw_big(11_719_242_750_000) == "11조 7,192억원"
    assert f.krw_big(2_000_000_000_000) == "2조원"
    assert f.krw_big(45_200_000_000) == "452억원"
    assert f.krw_big(7_303_520_000_000, "en") == "KRW 7.30 trillion"


def test_fee_and_price() -> None:
    assert f.fee(0.15) == "0.15%"
    assert f.fee(0.0099) == "0.0099%"
    assert f.won(60895) == "60,895원"
    assert f.pct(1.234, signed=True) == "+1.23%"


def test_particles_follow_the_last_sound() -> None:
    assert f.fix_josa("삼성전자을(를) 담은") == "삼성전자를 담은"
    assert f.fix_josa("SK하이닉스이(가)") == "SK하이닉스가"
    assert f.fix_josa("KODEX 200(069500)과(와)") == "KODEX 200(069500)과"
    assert f.fix_josa("TIGER 200은(는)") == "TIGER 200은"


def test_amounts_under_a_hundred_million_are_shown_in_man_won() -> None:
    """83,745,765원 is 8,375만원, not a rounded 1억원."""
    assert f.krw_big(83_745_765) == "8,375만원" and f.krw_big(3_700_000_000) == "37억원"
