"""Project dates from a cell: ISO, day-first (month-first when the header says so), bare years and months."""

from __future__ import annotations

import datetime as dt
import re

from dashboard.loaders.project_table.cells import ValueProblem, fold
from dashboard.model.text import MONTH_NUMBERS

# Cells are folded before matching ("Février" -> "fevrier"): the shared table has the folded forms too.
_MONTHS = MONTH_NUMBERS


_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?z?)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th|er)? ([a-z]+)\.?,? (\d{4})")


def parse_date(value: object, *, is_end: bool, month_first: bool = False) -> dt.date:
    """A project date from a cell; a bare year or month stands for its first day (start) or last (end).

    Accepts ISO dates (with or without time), dd/mm/yyyy (mm/dd/yyyy when the header says so), yyyy-mm,
    yyyy, "20 May 2013" and "May 2013". Raises ValueProblem for an impossible or unreadable date.
    """
    if isinstance(value, dt.datetime):
        return _plausible(value.date(), value)
    if isinstance(value, dt.date):
        return _plausible(value, value)
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        value = str(int(value))
    text = re.sub(r"\s+", " ", fold(str(value)).strip())
    try:
        if m := re.fullmatch(r"(\d{4})", text):
            return _plausible(dt.date(int(m[1]), 12, 31) if is_end else dt.date(int(m[1]), 1, 1), value)
        if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})", text):
            return _plausible(_month_date(int(m[1]), int(m[2]), is_end), value)
        if m := _ISO_DATE.fullmatch(text):
            return _plausible(dt.date(int(m[1]), int(m[2]), int(m[3])), value)
        if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text):
            day, month = (int(m[2]), int(m[1])) if month_first else (int(m[1]), int(m[2]))
            return _plausible(dt.date(int(m[3]), month, day), value)
        if (m := _DAY_MONTH_YEAR.fullmatch(text)) and m[2] in _MONTHS:
            return _plausible(dt.date(int(m[3]), _MONTHS[m[2]], int(m[1])), value)
        if (m := re.fullmatch(r"([a-z]+)\.? (\d{1,2}),? (\d{4})", text)) and m[1] in _MONTHS:
            return _plausible(dt.date(int(m[3]), _MONTHS[m[1]], int(m[2])), value)
        if (m := re.fullmatch(r"([a-z]+)\.?,? (\d{4})", text)) and m[1] in _MONTHS:
            return _plausible(_month_date(int(m[2]), _MONTHS[m[1]], is_end), value)
    except ValueError as exc:
        raise ValueProblem(f"impossible date {value!r} ({exc})") from exc
    raise ValueProblem(f"not a date: {value!r} (write yyyy-mm-dd, dd/mm/yyyy or yyyy)")


def _month_date(year: int, month: int, is_end: bool) -> dt.date:
    first = dt.date(year, month, 1)
    if not is_end:
        return first
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


def _plausible(day: dt.date, raw: object) -> dt.date:
    if not 1900 <= day.year <= 2100:
        raise ValueProblem(f"implausible year in date {raw!r}")
    return day
