from datetime import date, datetime

from orchestration.lib.windows import dates_to_load, days_in_window, vars_for


def test_days_in_window_is_half_open() -> None:
    days = days_in_window(datetime(2024, 11, 4), datetime(2024, 11, 7))
    assert days == [date(2024, 11, 4), date(2024, 11, 5), date(2024, 11, 6)]


def test_dates_to_load_keeps_only_available_days_in_order() -> None:
    window = [date(2024, 11, 2), date(2024, 11, 4), date(2024, 11, 5)]
    available = [date(2024, 11, 5), date(2024, 11, 4), date(2024, 11, 8)]
    assert dates_to_load(window, available) == [date(2024, 11, 4), date(2024, 11, 5)]


def test_vars_for_empty_and_range() -> None:
    assert vars_for([]) == {}
    assert vars_for([date(2024, 11, 4), date(2024, 11, 6)]) == {"start_date": "2024-11-04", "end_date": "2024-11-06"}
