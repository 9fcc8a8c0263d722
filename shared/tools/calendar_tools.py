"""Calendar tools: the argument models (their docs are the LLM's prompt) and what they run."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Literal

from pydantic import Field

from shared.domain.appointments import Caller
from shared.errors import InvalidInput, InvalidState, NotFound
from shared.services.leads import record_cancellation, valid_email, valid_phone
from shared.tools.base import Tool, ToolArgs, ToolContext, caller_field

log = logging.getLogger(__name__)


class CheckAvailability(ToolArgs):
    """Find free appointment times for one service on a day or over a range of days. Times are
    in the business's local time. Offer the caller two or three of them, never the whole list.
    Where the business has a team, each slot lists who is free then ("staff")."""

    service: str = Field(min_length=1, max_length=80, description="Service name as the business lists it.")
    date: dt.date = Field(description="First day to search, YYYY-MM-DD, business local date.")
    end_date: dt.date | None = Field(None, description="Last day to search (inclusive); omit for one day.")
    moving_appointment_id: str | None = Field(
        None, max_length=80, description="When moving an appointment: its id, so its current time counts as free "
                          "(its own start is not listed).")
    staff: str | None = Field(
        None, max_length=80, description="A team member the caller asked for, by name (\"with Maria\"); omit or "
                          "\"anyone\" when any of them will do.")


def check_availability(ctx: ToolContext, args: CheckAvailability) -> dict:
    moving = None
    if args.moving_appointment_id:
        # On a call only the caller's own appointment; through the API any of the business's.
        owner = ctx.caller_phone if ctx.on_call else None
        if not ctx.on_call or owner:
            moving = ctx.calendar.find(ctx.business, args.moving_appointment_id, owner)
    return ctx.calendar.check_availability(ctx.business, args.service, args.date, args.end_date, moving,
                                           args.staff)


class BookAppointment(ToolArgs):
    """Book an appointment at a start time that check_availability offered. Only call this after
    the caller has confirmed the service, day and time."""

    service: str = Field(min_length=1, max_length=80, description="Service name as the business lists it.")
    start: dt.datetime = Field(description="Start, ISO 8601 with the offset check_availability gave.")
    caller_phone: str = caller_field("The caller's phone number.")
    caller_name: str = Field(min_length=1, max_length=120,
                             description="The name the booking is under: the caller's, or the person's it is for.")
    email: str | None = Field(None, max_length=254, description="The caller's email, if they gave one.")
    notes: str | None = Field(None, max_length=2000, description="Anything the staff should know.")
    visit_address: str | None = Field(None, max_length=300,
                                      description="Where the team goes, for a business that visits its callers.")
    for_someone_else: bool | None = Field(
        None, description="True when the appointment is for someone other than the caller (their child, partner, a "
                          "friend): caller_name is then that person's name, and the caller's own name is kept.")
    staff: str | None = Field(
        None, max_length=80, description="A team member the caller asked for, by name (\"with Maria\"); omit or "
                          "\"anyone\" when any of them will do.")


def book_appointment(ctx: ToolContext, args: BookAppointment) -> dict:
    # On a call from a withheld number the phone is one the caller said: the booking is held for
    # the team to confirm, and its texts follow the rules for unverified numbers.
    caller = Caller(phone=valid_phone(args.caller_phone, ctx.business, "caller_phone"),
                    name=args.caller_name, email=valid_email(args.email),
                    verified=not (ctx.on_call and ctx.caller_phone is None))
    appointment, created = ctx.calendar.book(
        ctx.business, args.service, ctx.local(args.start), caller, args.notes or "", ctx.source,
        visit_address=args.visit_address or "", staff=args.staff,
    )
    other = bool(args.for_someone_else)
    try:
        ctx.crm.record(ctx.business, caller.phone, "booking", f"booking-{appointment.id}",
                       detail=f"{appointment.service} for {caller.name}" if other else appointment.service,
                       source=ctx.source, stage="booked", name="" if other else caller.name, email=caller.email)
    except Exception:  # the booking stands; the lead is derived and counted on the next retry
        log.warning("lead update after booking %s failed", appointment.id, exc_info=True)
    notified = ctx.notify(appointment, "held" if appointment.status == "held" else "confirmation")
    return {"appointment": appointment.public(ctx.business.zone), "created": created, "notifications": notified}


class ApproveBooking(ToolArgs):
    """Confirm a held booking (one made on a call from a withheld number, for a number the caller
    said): it becomes booked, its reminders start, and the caller gets the confirmation."""

    appointment_id: str = Field(min_length=1, max_length=64)


def approve_booking(ctx: ToolContext, args: ApproveBooking) -> dict:
    before = ctx.calendar.get(ctx.business, args.appointment_id)
    approved = ctx.calendar.approve(ctx.business, args.appointment_id, ctx.source)
    notified = ctx.notify(approved, "confirmation") if before.status == "held" else []
    return {"appointment": approved.public(ctx.business.zone), "notifications": notified}


class RescheduleAppointment(ToolArgs):
    """Move one of the caller's own appointments to a new start time that check_availability
    offered. Confirm the new time with the caller first."""

    appointment_id: str = Field(min_length=1, max_length=64, description="Id from list_appointments.")
    caller_phone: str = caller_field("The caller's phone number.")
    new_start: dt.datetime = Field(description="New start, ISO 8601 with offset.")
    staff: str | None = Field(
        None, max_length=80, description="Only when the caller asks for someone else: that team member's name, or "
                          "\"anyone\". Omit to keep the same person.")


def reschedule_appointment(ctx: ToolContext, args: RescheduleAppointment) -> dict:
    phone = valid_phone(args.caller_phone, ctx.business, "caller_phone")
    moved = ctx.calendar.reschedule(ctx.business, args.appointment_id, phone,
                                    ctx.local(args.new_start), ctx.source, args.staff)
    return {"appointment": moved.public(ctx.business.zone), "notifications": ctx.notify(moved, "reschedule")}


class CancelAppointment(ToolArgs):
    """Cancel one of the caller's own appointments. Confirm with the caller first."""

    appointment_id: str = Field(min_length=1, max_length=64, description="Id from list_appointments.")
    caller_phone: str = caller_field("The caller's phone number.")
    reason: str | None = Field(None, max_length=500, description="Why, if the caller said.")


def cancel_appointment(ctx: ToolContext, args: CancelAppointment) -> dict:
    phone = valid_phone(args.caller_phone, ctx.business, "caller_phone")
    cancelled = ctx.calendar.cancel(ctx.business, args.appointment_id, phone, args.reason or "",
                                    ctx.source)
    record_cancellation(ctx.crm, ctx.calendar, ctx.business, cancelled, ctx.source)
    return {"appointment": cancelled.public(ctx.business.zone),
            "notifications": ctx.notify(cancelled, "cancellation")}


class ListAppointments(ToolArgs):
    """List the caller's appointments (upcoming ones unless include_past is true)."""

    caller_phone: str = caller_field("The caller's phone number.")
    include_past: bool | None = Field(None, description="Also list past and cancelled ones.")


def list_appointments(ctx: ToolContext, args: ListAppointments) -> dict:
    phone = valid_phone(args.caller_phone, ctx.business, "caller_phone")
    found = ctx.calendar.for_caller(ctx.business, phone, bool(args.include_past))
    if not args.include_past:
        found = [a for a in found if a.is_active]
    return {"appointments": [a.public(ctx.business.zone) for a in found]}


class ListSchedule(ToolArgs):
    """The business's appointments from date to end_date (inclusive), in local time."""

    date: dt.date = Field(description="First day, YYYY-MM-DD, business local date.")
    end_date: dt.date | None = Field(None, description="Last day (inclusive); omit for one day.")
    include_cancelled: bool | None = Field(None, description="Also list cancelled appointments.")


def list_schedule(ctx: ToolContext, args: ListSchedule) -> dict:
    last = args.end_date or args.date
    if last < args.date or (last - args.date).days > 31:
        raise InvalidInput("end_date must be 0-31 days after date", {"end_date": "0-31 days after date"})
    found = ctx.calendar.on_days(ctx.business, args.date, last)
    if not args.include_cancelled:
        found = [a for a in found if a.status != "cancelled"]
    return {"appointments": [a.public(ctx.business.zone) for a in found]}


class GetAppointment(ToolArgs):
    """One appointment of the business by id, with its status history."""

    appointment_id: str = Field(min_length=1, max_length=64)


def get_appointment(ctx: ToolContext, args: GetAppointment) -> dict:
    return {"appointment": ctx.calendar.get(ctx.business, args.appointment_id).public(ctx.business.zone)}


class RecordAppointmentOutcome(ToolArgs):
    """Mark a started appointment as completed or as a no-show."""

    appointment_id: str = Field(min_length=1, max_length=64)
    status: Literal["completed", "no_show"]
    reason: str | None = Field(None, max_length=500)


def record_appointment_outcome(ctx: ToolContext, args: RecordAppointmentOutcome) -> dict:
    updated = ctx.calendar.mark_outcome(ctx.business, args.appointment_id, args.status,
                                        args.reason or "", ctx.source)
    if updated.status == "completed":
        try:
            ctx.crm.record(ctx.business, updated.caller_phone, "visit", f"visit-{updated.id}",
                           detail=f"{updated.service} completed", source=ctx.source, stage="customer")
        except Exception:
            log.warning("lead update after completing %s failed", updated.id, exc_info=True)
    return {"appointment": updated.public(ctx.business.zone)}


class SendConfirmation(ToolArgs):
    """Send (or send again) the confirmation of one of the caller's appointments by text and/or
    email, e.g. when the caller asks for it or did not receive it."""

    appointment_id: str = Field(min_length=1, max_length=64, description="Id from list_appointments.")
    caller_phone: str = caller_field("The caller's phone number.")
    channel: Literal["sms", "email", "both"] | None = Field(None, description="Default: both.")
    email: str | None = Field(None, max_length=254,
                              description="An email address the caller just gave: saved on the appointment first.")


def send_confirmation(ctx: ToolContext, args: SendConfirmation) -> dict:
    phone = valid_phone(args.caller_phone, ctx.business, "caller_phone")
    appointment = ctx.calendar.get(ctx.business, args.appointment_id)
    if appointment.caller_phone != phone:
        raise NotFound("No appointment with that id for this caller.")
    if not appointment.is_active:
        raise InvalidState(f"This appointment is {appointment.status}; there is nothing to confirm.")
    email = valid_email(args.email)
    channel = args.channel or "both"
    if channel == "email" and not (email or appointment.caller.email):
        raise InvalidInput("There is no email address on this appointment.", {"channel": "no email on file"})
    if ctx.notifier is None:
        raise InvalidState("Notifications are not available here.")
    if email:  # saved only once the request is known to be good
        appointment = ctx.calendar.set_email(ctx.business, appointment.id, phone, email)
    key = f"resend{ctx.now():%Y%m%d%H%M}"
    channels = ("sms", "email") if channel == "both" else (channel,)
    sent = ctx.notifier.appointment_event(ctx.business, appointment, "confirmation", key, channels)
    return {"notifications": [{"id": n.id, "channel": n.channel, "status": n.status} for n in sent]}


class AddAppointmentNote(ToolArgs):
    """Add something the caller said for the team to one of the caller's own appointments: the
    address of the visit, how to get in, what is wrong. Use it when they say it after booking."""

    appointment_id: str = Field(min_length=1, max_length=64, description="Id from list_appointments.")
    caller_phone: str = caller_field("The caller's phone number.")
    note: str = Field(min_length=1, max_length=500, description="The note, in a few words.")


def add_appointment_note(ctx: ToolContext, args: AddAppointmentNote) -> dict:
    phone = valid_phone(args.caller_phone, ctx.business, "caller_phone")
    note = " ".join(args.note.split())
    if not note:
        raise InvalidInput("The note is empty.", {"note": "empty"})
    updated = ctx.calendar.add_note(ctx.business, args.appointment_id, phone, note)
    return {"appointment": updated.public(ctx.business.zone)}


class ConfirmAttendance(ToolArgs):
    """Record that the caller confirms they are coming to one of their appointments (e.g. "I'm
    calling to confirm my appointment tomorrow")."""

    appointment_id: str = Field(min_length=1, max_length=64, description="Id from list_appointments.")
    caller_phone: str = caller_field("The caller's phone number.")


def confirm_attendance(ctx: ToolContext, args: ConfirmAttendance) -> dict:
    phone = valid_phone(args.caller_phone, ctx.business, "caller_phone")
    confirmed = ctx.calendar.confirm(ctx.business, args.appointment_id, phone)
    return {"appointment": confirmed.public(ctx.business.zone), "confirmed_by_caller": True}


TOOLS = [
    Tool("check_availability", CheckAvailability, check_availability),
    Tool("book_appointment", BookAppointment, book_appointment, stated_number_ok=True),
    Tool("reschedule_appointment", RescheduleAppointment, reschedule_appointment),
    Tool("cancel_appointment", CancelAppointment, cancel_appointment),
    Tool("add_appointment_note", AddAppointmentNote, add_appointment_note),
    Tool("list_appointments", ListAppointments, list_appointments),
    Tool("send_confirmation", SendConfirmation, send_confirmation),
    Tool("confirm_attendance", ConfirmAttendance, confirm_attendance),
    Tool("list_schedule", ListSchedule, list_schedule, on_calls=False),
    Tool("approve_booking", ApproveBooking, approve_booking, on_calls=False),
    Tool("get_appointment", GetAppointment, get_appointment, on_calls=False),
    Tool("record_appointment_outcome", RecordAppointmentOutcome, record_appointment_outcome, on_calls=False),
]
