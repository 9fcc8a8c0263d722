"""Free slots of a business calendar. Pure functions over aware datetimes; all math in UTC.

An appointment blocks [start - buffer_before, end + buffer_after). Two blocks of one resource may
not overlap. A resource is a staff member (`Interval.staff` is their id) or, in a business without
staff, the business itself (`staff == ""`); a block of the business blocks every staff member.
Blocks are also cut into CELL_MINUTES cells (`lock_cells`, named per resource): the booking adapter
creates one lock document per cell, so the store itself refuses an overlapping booking of the same
person even under concurrency, while two people's bookings at one time both succeed.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass

from shared.domain.business import CELL_MINUTES, WEEKDAYS, Business, Service, StaffMember

UTC = dt.UTC
CELL = dt.timedelta(minutes=CELL_MINUTES)


@dataclass(frozen=True, order=True)
class Interval:
    start: dt.datetime
    end: dt.datetime
    staff: str = ""  # whose time it is: a staff id, or "" for the business's one resource

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
    return Interval(start, end, block.staff)


def lock_cells(block: Interval, staff: str = "") -> list[str]:
    """Ids of the cells a block occupies, e.g. '20261125T1430Z', or 'maria_20261125T1430Z' for a
    staff member's time (each person's calendar locks on its own)."""
    expanded = cell_expanded(block)
    prefix = f"{staff}_" if staff else ""
    cells = []
    moment = expanded.start
    while moment < expanded.end:
        cells.append(prefix + moment.strftime("%Y%m%dT%H%MZ"))
        moment += CELL
    return cells


def cell_time(cell: str) -> dt.datetime:
    """When a lock cell starts (the inverse of lock_cells)."""
    return dt.datetime.strptime(cell.rsplit("_", 1)[-1], "%Y%m%dT%H%MZ").replace(tzinfo=UTC)


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


def _minutes(moment: dt.time) -> int:
    return 24 * 60 if moment == dt.time.max else moment.hour * 60 + moment.minute


def _intersect(ranges: list[tuple[int, int]], within: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found = []
    for start, end in ranges:
        for other_start, other_end in within:
            low, high = max(start, other_start), min(end, other_end)
            if low < high:
                found.append((low, high))
    return sorted(found)


def _subtract(ranges: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    for hole_start, hole_end in holes:
        cut = []
        for start, end in ranges:
            if hole_end <= start or end <= hole_start:
                cut.append((start, end))
                continue
            if start < hole_start:
                cut.append((start, hole_start))
            if hole_end < end:
                cut.append((hole_end, end))
        ranges = cut
    return ranges


def working_ranges(business: Business, day: dt.date, member: StaffMember | None = None) -> list[tuple[int, int]]:
    """Local (open minute, close minute) ranges of `day`: the business's opening hours, narrowed to a
    staff member's own hours, breaks and time off."""
    ranges = [(_minutes(r.open), _minutes(r.close)) for r in business.opening_ranges(day)]
    if member is None:
        return ranges
    if any(off.covers(day) and off.closed for off in member.time_off):
        return []
    special = next((off for off in member.time_off if off.covers(day)), None)
    own = special.hours if special is not None else (
        None if member.hours is None else member.hours.get(WEEKDAYS[day.weekday()], []))
    if own is not None:
        ranges = _intersect(ranges, [(_minutes(r.open), _minutes(r.close)) for r in own])
    return _subtract(ranges, [(_minutes(r.open), _minutes(r.close)) for r in member.breaks])


def candidate_starts(business: Business, service: Service, day: dt.date,
                     member: StaffMember | None = None) -> list[dt.datetime]:
    """Every start on the slot grid of `day` whose service fits inside a working range."""
    step = business.slot_interval_minutes
    duration = dt.timedelta(minutes=service.duration_minutes)
    starts: list[dt.datetime] = []
    for open_minute, close_minute in working_ranges(business, day, member):
        if close_minute == 24 * 60:
            close_utc = local_midnight(business, day + dt.timedelta(days=1))
        else:
            close_utc = dt.datetime.combine(day, dt.time(close_minute // 60, close_minute % 60),
                                            tzinfo=business.zone).astimezone(UTC)
        minute = open_minute
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


def blocks_of(busy: list[Interval], member: StaffMember | None) -> list[Interval]:
    """The blocks that take a resource's time: its own and the business's."""
    if member is None:
        return busy
    return [b for b in busy if b.staff in ("", member.id)]


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
    member: StaffMember | None = None,
) -> list[Interval]:
    """Free slots (appointment times, buffers excluded) from first_day to last_day inclusive, of the
    business (no staff) or of one staff member."""
    earliest, last_bookable = bookable_window(business, now)
    merged, ends = _busy_index(blocks_of(busy, member))
    staff = member.id if member else ""
    slots = []
    day = max(first_day, local_today(business, now))
    while day <= min(last_day, last_bookable):
        for start in candidate_starts(business, service, day, member):
            if start < earliest:
                continue
            if _is_free(appointment_block(start, service), merged, ends):
                slots.append(Interval(start, start + dt.timedelta(minutes=service.duration_minutes), staff))
        day += dt.timedelta(days=1)
    return slots


def team_slots(
    business: Business,
    service: Service,
    first_day: dt.date,
    last_day: dt.date,
    busy: list[Interval],
    now: dt.datetime,
    members: list[StaffMember],
) -> list[tuple[Interval, list[StaffMember]]]:
    """Free times of any of `members`, each with who is free then (in the business's staff order)."""
    free: dict[Interval, list[StaffMember]] = {}
    for member in members:
        for slot in free_slots(business, service, first_day, last_day, busy, now, member):
            free.setdefault(Interval(slot.start, slot.end), []).append(member)
    return sorted(free.items(), key=lambda item: item[0].start)


def booked_minutes(busy: list[Interval], staff: str) -> float:
    """How much of a person's time the given blocks take (to spread the day's load)."""
    return sum((b.end - b.start).total_seconds() / 60 for b in busy if b.staff == staff)


def nearest(slots: list[Interval], target: dt.datetime, count: int = 3) -> list[Interval]:
    return sorted(sorted(slots, key=lambda s: abs(s.start - target))[:count])
