// Calls, newest first (new ones appear within seconds), and one call's transcript turn by turn.
import { formatTime, h, replace } from "../dom.js";

const OUTCOME = { book_appointment: "booked", reschedule_appointment: "moved", cancel_appointment: "cancelled",
  capture_lead: "lead", transfer: "transferred", transfer_unanswered: "transfer unanswered", message: "voicemail" };

function outcomes(list) {
  return list.length ? list.map((o) => OUTCOME[o] || o.replaceAll("_", " ")).join(", ") : "no action";
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "in progress";
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
}

export async function render(main, ctx) {
  if (ctx.rest[0]) return detail(main, ctx, decodeURIComponent(ctx.rest[0]));
  const base = `/businesses/${ctx.business.id}/calls`;
  const body = h("tbody");
  const more = h("button", { type: "button", hidden: true }, "Load more");
  let cursor = null;
  let extended = false;
  const row = (call) => h("tr", { "data-call": call.call_sid },
    h("td", {}, h("a", { href: `/b/${ctx.business.id}/calls/${encodeURIComponent(call.call_sid)}`, "data-nav": true },
      formatTime(call.started_at))),
    h("td", {}, call.caller_name ? `${call.caller_name} ` : "", h("span", { class: "muted" }, call.caller_phone)),
    h("td", {}, duration(call.duration_seconds)),
    h("td", {}, outcomes(call.outcomes)),
    h("td", {}, call.engine || "—"));
  const refresh = async () => {
    if (extended) return;
    const page = await ctx.api(`${base}?limit=25`);
    replace(body, page.calls.length ? page.calls.map(row) : h("tr", {}, h("td", { colspan: 5 }, "No calls yet.")));
    cursor = page.cursor;
    more.hidden = !cursor;
  };
  more.addEventListener("click", async () => {
    extended = true;
    const page = await ctx.api(`${base}?limit=25&cursor=${encodeURIComponent(cursor)}`);
    body.append(...page.calls.map(row));
    cursor = page.cursor;
    more.hidden = !cursor;
  });
  await refresh();
  replace(main, h("h1", { tabindex: "-1" }, "Calls"),
    h("div", { class: "table-wrap" }, h("table", {},
      h("caption", { class: "sr-only" }, "Calls, newest first"),
      h("thead", {}, h("tr", {}, ["When", "Caller", "Duration", "Outcome", "Engine"].map((t) => h("th", { scope: "col" }, t)))),
      body)),
    more);
  ctx.every(3000, () => refresh().catch(() => {}));
}

async function detail(main, ctx, sid) {
  const data = await ctx.api(`/businesses/${ctx.business.id}/calls/${encodeURIComponent(sid)}`);
  const { call } = data;
  const turns = data.turns.map((turn) => h("li", { class: "turn" },
    turn.caller ? h("p", { class: "caller" }, h("strong", {}, "Caller: "), turn.caller) : null,
    h("p", { class: "roxy" }, h("strong", {}, "Roxy: "), turn.roxy),
    h("p", { class: "muted small" },
      `${turn.engine}${turn.intent ? ` · ${turn.intent}` : ""}`,
      turn.tools.length ? ` · tools: ${turn.tools.join(", ")}` : "",
      turn.latency_ms.total_before_write !== undefined ? ` · ${Math.round(turn.latency_ms.total_before_write)} ms` : "")));
  const links = [];
  if (data.lead) {
    links.push(h("li", {}, h("a", { href: `/b/${ctx.business.id}/leads?q=${encodeURIComponent(data.lead.name || "")}`, "data-nav": true },
      `Lead: ${data.lead.name || call.caller_phone} (${data.lead.stage})`)));
  }
  if (data.appointment) {
    const a = data.appointment;
    links.push(h("li", {}, h("a", { href: `/b/${ctx.business.id}/today?day=${a.start.slice(0, 10)}`, "data-nav": true },
      `Appointment: ${a.service}, ${formatTime(a.start)} (${a.status})`)));
  }
  replace(main,
    h("p", {}, h("a", { href: `/b/${ctx.business.id}/calls`, "data-nav": true }, "← All calls")),
    h("h1", { tabindex: "-1" }, `Call from ${call.caller_name || call.caller_phone}`),
    h("dl", { class: "facts" },
      h("dt", {}, "When"), h("dd", {}, formatTime(call.started_at)),
      h("dt", {}, "Number"), h("dd", {}, call.caller_phone),
      h("dt", {}, "Duration"), h("dd", {}, duration(call.duration_seconds)),
      h("dt", {}, "Outcome"), h("dd", {}, outcomes(call.outcomes)),
      h("dt", {}, "Engine"), h("dd", {}, call.engine || "—")),
    h("h2", {}, "After-call note"),
    h("p", { class: "note" }, call.summary || "Not written yet (it follows the hang-up)."),
    data.voicemail ? [h("h2", {}, "Voicemail"), h("p", {}, h("a", { href: data.voicemail, rel: "noopener noreferrer", target: "_blank" }, "Listen to the recording"))] : null,
    links.length ? [h("h2", {}, "Linked"), h("ul", {}, links)] : null,
    h("h2", {}, "Transcript"),
    h("ol", { class: "transcript" }, turns.length ? turns : h("li", {}, "No turns recorded.")));
}
