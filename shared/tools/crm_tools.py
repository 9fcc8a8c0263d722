"""CRM and FAQ tools."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field

from shared.domain.calls import no_business
from shared.domain.faq import best_match
from shared.errors import NotALead
from shared.tools.base import Tool, ToolArgs, ToolContext, caller_field


class CaptureLead(ToolArgs):
    """Save the caller as a lead (or update their existing lead) with what they are interested
    in. Use it when the caller is not ready to book, has a question nobody could answer, or asks
    to be called back."""

    name: str = Field(min_length=1, max_length=120, description="The caller's name.")
    phone: str = caller_field("The caller's phone number.")
    email: str | None = Field(None, max_length=254, description="Email, if given.")
    interest: str | None = Field(None, max_length=200, description="Service or topic they want.")
    notes: str | None = Field(None, max_length=2000, description="Objections, questions, timing.")
    source: str | None = Field(None, max_length=40, description="Where the lead came from.")
    area: str | None = Field(None, max_length=120, description="Town or area, if given.")
    sms_consent: bool | None = Field(None, description="Whether the caller agreed to texts.")


def capture_lead(ctx: ToolContext, args: CaptureLead) -> dict:
    not_ours = no_business(ctx.caller_said, [], []) if ctx.on_call else None
    if not_ours:  # a sales call or a wrong number is no lead, whichever engine asked
        raise NotALead(not_ours)
    lead = ctx.crm.capture(
        ctx.business, phone=args.phone, name=args.name, email=args.email,
        interest=args.interest or "", notes=args.notes or "", source=args.source or ctx.source,
        area=args.area or "", sms_consent=args.sms_consent,
    )
    return {"lead": lead.public()}


class SearchLeads(ToolArgs):
    """Search the business's leads, best score first (newest first when filtering by date only)."""

    stage: Literal["new", "contacted", "qualified", "booked", "customer", "lost"] | None = None
    min_score: float | None = Field(None, ge=0, le=100)
    max_score: float | None = Field(None, ge=0, le=100)
    text: str | None = Field(None, max_length=200, description="Words in the name, notes or interest.")
    service: str | None = Field(None, max_length=80)
    since: dt.datetime | None = Field(None, description="Created at or after (ISO 8601).")
    until: dt.datetime | None = Field(None, description="Created before (ISO 8601).")
    limit: int | None = Field(None, ge=1, le=100, description="Page size, default 20.")
    cursor: str | None = Field(None, max_length=500, description="next_cursor of the previous page.")


def search_leads(ctx: ToolContext, args: SearchLeads) -> dict:
    leads, cursor = ctx.crm.search(
        ctx.business, stage=args.stage, min_score=args.min_score, max_score=args.max_score,
        text=args.text, service=args.service,
        since=ctx.local(args.since) if args.since else None,
        until=ctx.local(args.until) if args.until else None,
        limit=args.limit or 20, cursor=args.cursor,
    )
    return {"leads": [lead.public() for lead in leads], "next_cursor": cursor}


class UpdateLeadStage(ToolArgs):
    """Move a lead along the funnel (new, contacted, qualified, booked, customer) or mark it lost."""

    phone: str = Field(min_length=3, max_length=40, description="The lead's phone number.")
    stage: Literal["new", "contacted", "qualified", "booked", "customer", "lost"]
    reason: str = Field(min_length=1, max_length=500, description="Why the stage changes.")


def update_lead_stage(ctx: ToolContext, args: UpdateLeadStage) -> dict:
    return {"lead": ctx.crm.update_stage(ctx.business, args.phone, args.stage, args.reason).public()}


class AnswerFaq(ToolArgs):
    """Look up the business's answer to a caller's question (hours, prices, services, parking, policies...).
    If it finds none, do not guess: offer to take a message for a callback."""

    question: str = Field(min_length=1, max_length=500, description="The caller's question.")


def answer_faq(ctx: ToolContext, args: AnswerFaq) -> dict:
    """The business's FAQ first; then what its configuration answers (hours, services, prices)."""
    from shared.dialogue.nlu import match_service
    from shared.domain.business_answers import configured_answer

    services, aliases = ctx.business.service_names(), ctx.business.service_aliases()
    # A service's name alone does not make a question this entry's: "how long is a haircut?" is not
    # "how much is a haircut?".
    names = sorted({n.lower() for n in services} | {a.lower() for forms in aliases.values() for a in forms},
                   key=len, reverse=True)
    asked = args.question.lower()
    for name in names:
        asked = re.sub(rf"\b{re.escape(name)}s?\b", " ", asked)
    entry = best_match(asked, ctx.business.faq)
    named = match_service(args.question.lower(), services, aliases)
    about = match_service(" ".join([entry.question, *entry.keywords]).lower(), services, aliases) if entry else None
    if named and about and about != named:
        entry = None  # "how much is a colour?" is not answered by the haircut price entry
    if entry is not None:
        return {"found": True, "answer": entry.answer, "matched_question": entry.question}
    from_config = configured_answer(ctx.business, args.question, ctx.now())
    if from_config:
        return {"found": True, "answer": from_config.text, "matched_question": "business details",
                "lists_services": from_config.lists_services}
    return {"found": False, "answer": None, "matched_question": None}


class SendBusinessDetails(ToolArgs):
    """Text the caller the business's address and phone number, when they ask for the address
    (or directions) by text."""

    caller_phone: str = caller_field("The caller's phone number.")


def send_business_details(ctx: ToolContext, args: SendBusinessDetails) -> dict:
    from shared.domain.phone import phone_key
    from shared.errors import InvalidState
    from shared.services.leads import valid_phone

    phone = valid_phone(args.caller_phone, ctx.business, "caller_phone")
    where = ctx.business.address
    if not where:  # the address may live in the FAQ only ("Where are you located?")
        found = answer_faq(ctx, AnswerFaq(question="where are you located? address"))
        where = re.sub(r"^(?:we're|we are) (?:located )?(?:at|on|in) ", "", found["answer"], flags=re.I) \
            if found["found"] else ""
    if not where:
        raise InvalidState("There is no address on file for the business.")
    if ctx.notifier is None:
        raise InvalidState("Texts are not available here.")
    if not ctx.notifier.sms_allowed(ctx.business, phone):
        raise InvalidState("The caller has opted out of texts.")
    note = f"{ctx.business.name}: {where.rstrip('.')}. Call us on {ctx.business.phone_numbers[0]}."
    # once a call (a webhook Twilio repeats sends nothing more); over the API, once a minute
    key = f"details-{ctx.source.removeprefix('call:')}" if ctx.on_call else \
        f"details{ctx.now():%Y%m%d%H%M}-{phone_key(phone)}"
    sent = ctx.notifier.message(ctx.business, "reply", "sms", phone, note, key, lead_phone=phone)
    return {"notification": {"id": sent.id, "channel": sent.channel, "status": sent.status}, "address": where}


class ForgetMe(ToolArgs):
    """Delete what the business remembers about the caller (memories, notes, preferences, call
    transcripts) when they ask to be forgotten. Confirm with the caller first."""

    phone: str = caller_field("The caller's phone number.")


def forget_me(ctx: ToolContext, args: ForgetMe) -> dict:
    from shared.errors import InvalidState
    from shared.services.leads import valid_phone

    if ctx.memory is None:
        raise InvalidState("Forgetting is not available here.")
    in_call = ctx.source.removeprefix("call:") if ctx.source.startswith("call:") else None
    return {"forgotten": ctx.memory.forget(ctx.business, valid_phone(args.phone, ctx.business), ctx.source,
                                           skip_call=in_call)}


TOOLS = [
    Tool("capture_lead", CaptureLead, capture_lead, stated_number_ok=True),
    Tool("search_leads", SearchLeads, search_leads, on_calls=False),
    Tool("update_lead_stage", UpdateLeadStage, update_lead_stage, on_calls=False),
    Tool("answer_faq", AnswerFaq, answer_faq),
    Tool("send_business_details", SendBusinessDetails, send_business_details),
    Tool("forget_me", ForgetMe, forget_me),
]
