from datetime import date

import pytest

from dates import add_business_days, add_days, business_days_between, is_business_day, iso_week

FRIDAY = date(2024, 3, 1)
MONDAY = date(2024, 3, 4)


def test_add_days_crosses_month_and_leap_day():
    assert add_days(date(2024, 2, 28), 1) == date(2024, 2, 29)
    assert add_days(date(2024, 2, 28), 2) == date(2024, 3, 1)
    assert add_days(date(2024, 1, 1), -1) == date(2023, 12, 31)


def test_is_business_day():
    assert is_business_day(FRIDAY)
    assert not is_business_day(date(2024, 3, 2))
    assert not is_business_day(date(2024, 3, 3))
    assert not is_business_day(MONDAY, holidays={MONDAY})


def test_add_business_days_skips_weekend():
    assert add_business_days(FRIDAY, 1) == MONDAY
    assert add_business_days(FRIDAY, 5) == date(2024, 3, 8)
    assert add_business_days(FRIDAY, 0) == FRIDAY


def test_add_business_days_backwards():
    assert add_business_days(MONDAY, -1) == FRIDAY
    assert add_business_days(MONDAY, -6) == date(2024, 2, 23)


def test_add_business_days_skips_holidays():
    assert add_business_days(FRIDAY, 1, holidays=[MONDAY]) == date(2024, 3, 5)


def test_business_days_between():
    assert business_days_between(FRIDAY, MONDAY) == 1
    assert business_days_between(MONDAY, date(2024, 3, 18)) == 10
    assert business_days_between(MONDAY, MONDAY) == 0


def test_business_days_between_reversed_and_with_holidays():
    assert business_days_between(MONDAY, FRIDAY) == -1
    assert business_days_between(MONDAY, date(2024, 3, 11), holidays={date(2024, 3, 6)}) == 4


def test_iso_week_labels():
    assert iso_week(date(2021, 2, 3)) == "2021-W05"
    assert iso_week(date(2021, 1, 3)) == "2020-W53"
    assert iso_week(date(2024, 12, 30)) == "2025-W01"
