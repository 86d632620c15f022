import datetime as dt

import pytest

from generator.dates import ChronoDate, DateFormatError, display_range, parse_date


@pytest.mark.parametrize(("value", "expected"), [
    (dt.date(2024, 10, 7), ChronoDate(2024, 10, 7)),
    (dt.datetime(2024, 10, 7, 13, 5), ChronoDate(2024, 10, 7)),
    ("2024-10-07", ChronoDate(2024, 10, 7)),
    ("2018-08", ChronoDate(2018, 8)),
    (2018, ChronoDate(2018)),
    ("2018", ChronoDate(2018)),
    (" 2020-02-29 ", ChronoDate(2020, 2, 29)),
])
def test_parse_accepts_each_precision(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(("value", "message"), [
    ("2018-13", "month 13"),
    ("2019-02-29", "February 2019 has 28 days"),
    ("7 October 2024", "write YYYY-MM-DD"),
    ("2024/10/07", "write YYYY-MM-DD"),
    (True, "expected a date"),
    (3.5, "expected a date"),
    ([2024], "expected a date"),
])
def test_parse_rejects_with_a_useful_message(value, message):
    with pytest.raises(DateFormatError, match=message):
        parse_date(value)


def test_coarser_dates_sort_before_finer_ones_of_the_same_period():
    dates = [parse_date(v) for v in ["2018-08-15", "2019", "2018", "2018-08", "2017-12-31"]]
    assert [d.iso() for d in sorted(dates)] == [
        "2017-12-31", "2018", "2018-08", "2018-08-15", "2019"]


@pytest.mark.parametrize(("date", "text"), [
    (ChronoDate(2024, 10, 7), "7 October 2024"),
    (ChronoDate(2018, 8), "August 2018"),
    (ChronoDate(2018), "2018"),
])
def test_display_at_own_precision(date, text):
    assert date.display() == text


@pytest.mark.parametrize(("start", "end", "circa", "text"), [
    ("2024-10-07", None, False, "7 October 2024"),
    ("2018", None, True, "c. 2018"),
    ("2024-10-07", "2024-10-09", False, "7–9 October 2024"),
    ("2024-09-30", "2024-10-02", False, "30 September – 2 October 2024"),
    ("2023-12-30", "2024-01-02", False, "30 December 2023 – 2 January 2024"),
    ("2018", "2019", True, "c. 2018 – 2019"),
])
def test_display_range(start, end, circa, text):
    assert display_range(parse_date(start), parse_date(end) if end else None, circa) == text


def test_first_and_last_day_span_the_precision():
    assert ChronoDate(2024, 2).last_day() == dt.date(2024, 2, 29)
    assert ChronoDate(2023).first_day() == dt.date(2023, 1, 1)
    assert ChronoDate(2023).last_day() == dt.date(2023, 12, 31)


def test_a_year_unknown_date_round_trips_and_never_gets_a_year():
    date = parse_date("XXXX-10-07")
    assert date == ChronoDate(None, 10, 7) and date.iso() == "XXXX-10-07"
    assert not date.year_known and date.month_day == (10, 7)
    assert date.display() == "7 October, year unknown"
    assert parse_date("XXXX-02-29").day == 29  # a leap day fits some year
    assert parse_date("XXXX") == ChronoDate(None)
    assert date < ChronoDate(1)  # never published, listed before every dated event
    with pytest.raises(ValueError):
        date.first_day()
    with pytest.raises(DateFormatError):
        parse_date("XXXX-02-30")


def test_one_date_object_for_every_file_that_writes_the_date():
    """Dates are immutable: files writing the same one share it (memory, the plan's memo)."""
    assert parse_date("2004") is parse_date("2004") is parse_date(2004)
    assert parse_date("2004-10-07") is not parse_date("2004-10")
