"""Free slots of a business calendar. Pure functions over aware datetimes; all math in UTC.

An appointment blocks [start - buffer_before, end + buffer_after). Two blocks may not overlap.
Blocks are also cut into CELL_MINUTES cells (`lock_cells`): the booking adapter creates one lock
document per cell, so the store itself refuses an overlapping booking even under concurrency.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass

from shared.domain.business import CELL_MINUTES, Business, Service

UTC = dt.UTC
CELL = dt.timedelta(minutes=CELL_MINUTES)


@dataclass(frozen=True, order=True)
class Interval:
    start: dt.datetime
    end: dt.datetime

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


def appointment_block(start: dt.datetime, service: Service) -> Interval:
    return Interval(
        start - dt.timedelta(minutes=service.buffer_before_minutes),
        start + dt.timedelta(minutes=service.duration_minutes + service.buffer_after_minutes),
    )


def _floor_cell(moment: dt.datetime) -> dt.datetime:
    moment = moment.astimezone(UTC)
    epoch = dt.datetime(1970, 1, 1, tzinfo=UTC)
    return epoch + ((moment - epoch) // CELL) * CELL


def cell_expanded(block: Interval) -> Interval:
    start = _floor_cell(block.start)
    end = _floor_cell(block.end)
    if end < block.end:
        end += CELL
    return Interval(start, end)


def lock_cells(block: Interval) -> list[str]:
    """Ids of the cells a block occupies, e.g. '20261125T1430Z'."""
    expanded = cell_expanded(block)
    cells = []
    moment = expanded.start
    while moment < expanded.end:
        cells.append(moment.strftime("%Y%m%dT%H%MZ"))
        moment += CELL
    return cells


def local_midnight(business: Business, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=business.zone).astimezone(UTC)


def local_today(business: Business, now: dt.datetime) -> dt.date:
    return now.astimezone(business.zone).date()


def _to_utc_if_exists(business: Business, day: dt.date, wall: dt.time) -> dt.datetime | None:
    """Local wall time → UTC, or None when the wall time does not exist (DST gap)."""
    local = dt.datetime.combine(day, wall, tzinfo=business.zone)
    as_utc = local.astimezone(UTC)
    if as_utc.astimezone(business.zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return as_utc


def candidate_starts(business: Business, service: Service, day: dt.date) -> list[dt.datetime]:
    """Every start on the slot grid of `day` whose service fits inside an opening range."""
    step = business.slot_interval_minutes
    duration = dt.timedelta(minutes=service.duration_minutes)
    starts: list[dt.datetime] = []
    for opening in business.opening_ranges(day):
        close_utc = opening.closes_at(day, business.zone).astimezone(UTC)
        minute = opening.open.hour * 60 + opening.open.minute
        close_minute = 24 * 60 if opening.close == dt.time.max else opening.close.hour * 60 + opening.close.minute
        while minute < close_minute:
            start = _to_utc_if_exists(business, day, dt.time(minute // 60, minute % 60))
            minute += step
            if start is None:
                continue
            if start + duration > close_utc:
                break
            if not starts or start > starts[-1]:
                starts.append(start)
    return starts


def _busy_index(busy: list[Interval]) -> tuple[list[Interval], list[dt.datetime]]:
    merged = sorted(cell_expanded(b) for b in busy)
    return merged, [b.end for b in merged]


def _is_free(block: Interval, merged: list[Interval], ends: list[dt.datetime]) -> bool:
    block = cell_expanded(block)
    index = bisect_left(ends, block.start + dt.timedelta(microseconds=1))
    while index < len(merged) and merged[index].start < block.end:
        if merged[index].overlaps(block):
            return False
        index += 1
    return True


def bookable_window(business: Business, now: dt.datetime) -> tuple[dt.datetime, dt.date]:
    """The earliest bookable moment and the last bookable local date."""
    earliest = now + dt.timedelta(minutes=business.min_notice_minutes)
    last_day = local_today(business, now) + dt.timedelta(days=business.max_days_ahead)
    return earliest, last_day


def bookable_today(business: Business, now: dt.datetime) -> bool:
    """Whether some of today's opening hours are still ahead of the notice period (a caller who names
    today's weekday then means today)."""
    earliest, _ = bookable_window(business, now)
    today = local_today(business, now)
    return any(r.closes_at(today, business.zone) > earliest for r in business.opening_ranges(today))


def free_slots(
    business: Business,
    service: Service,
    first_day: dt.date,
    last_day: dt.date,
    busy: list[Interval],
    now: dt.datetime,
) -> list[Interval]:
    """Free slots (appointment times, buffers excluded) from first_day to last_day inclusive."""
    earliest, last_bookable = bookable_window(business, now)
    merged, ends = _busy_index(busy)
    slots = []
    day = max(first_day, local_today(business, now))
    while day <= min(last_day, last_bookable):
        for start in candidate_starts(business, service, day):
            if start < earliest:
                continue
            if _is_free(appointment_block(start, service), merged, ends):
                slots.append(Interval(start, start + dt.timedelta(minutes=service.duration_minutes)))
        day += dt.timedelta(days=1)
    return slots


def nearest(slots: list[Interval], target: dt.datetime, count: int = 3) -> list[Interval]:
    return sorted(sorted(slots, key=lambda s: abs(s.start - target))[:count])
