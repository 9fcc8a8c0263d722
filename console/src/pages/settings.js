// What Roxy knows and how she works, validated by the server's Business model; an error shows
// beside its field. Saved changes answer the next call and are written to the audit log.
import { field, formatTime, h, replace } from "../dom.js";

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const hoursText = (ranges) => (ranges || []).map((r) => `${r.open.slice(0, 5)}-${r.close.slice(0, 5)}`).join(", ");
const list = (text) => text.split(",").map((s) => s.trim()).filter(Boolean);

function parseHours(text) {
  return list(text).map((range) => {
    const [open, close] = range.split("-").map((s) => s.trim());
    return { open: open || "", close: close || "" };
  });
}

export async function render(main, ctx) {
  const base = `/businesses/${ctx.business.id}`;
  const { config } = await ctx.api(`${base}/settings`);
  const inputs = {};
  const fields = {};
  const add = (name, label, input) => { inputs[name] = input; fields[name] = field(label, input); return fields[name]; };
  const text = (name, value, type = "text") => h("input", { type, name, value: value ?? "" });
  const json = (name, value) => h("textarea", { name, rows: 6, class: "code", spellcheck: "false" }, JSON.stringify(value, null, 2));

  const hours = DAYS.map((day) => add(`hours.${day}`, `${day[0].toUpperCase()}${day.slice(1)}`,
    h("input", { type: "text", name: `hours.${day}`, value: hoursText(config.hours[day]), placeholder: "closed, or 09:00-17:00", inputmode: "numeric" })));
  const form = h("form", { "aria-label": "Business settings", novalidate: true },
    h("fieldset", {}, h("legend", {}, "Opening hours"), h("p", { class: "muted small" }, "Times like 09:00-12:00, 13:00-17:30; empty means closed."), hours),
    h("fieldset", {}, h("legend", {}, "On the phone"),
      add("greeting", "Greeting", h("textarea", { name: "greeting", rows: 2 }, config.greeting || "")),
      add("transfer_number", "Transfer calls to", text("transfer_number", config.transfer_number, "tel")),
      add("visits_callers", "", h("input", { type: "checkbox", name: "visits_callers", checked: config.visits_callers })),
      add("service_areas", "Service areas (comma-separated)", text("service_areas", (config.service_areas || []).join(", "))),
      add("address", "Address", text("address", config.address)),
      add("notify_email", "Email for staff alerts", text("notify_email", config.notify_email, "email")),
      add("daily_summary_at", "Daily summary email to the owners at (empty: none)",
        text("daily_summary_at", (config.daily_summary_at || "").slice(0, 5), "time"))),
    h("fieldset", {}, h("legend", {}, "Bookings"),
      add("reminder_minutes", "Reminders, minutes before (comma-separated)", text("reminder_minutes", (config.reminder_minutes || []).join(", "))),
      add("min_notice_minutes", "Minimum notice (minutes)", text("min_notice_minutes", config.min_notice_minutes, "number")),
      add("services", "Services (JSON: name, duration_minutes, price, buffers, aliases)", json("services", config.services)),
      add("exceptions", "Closures and special hours (JSON)", json("exceptions", config.exceptions)),
      add("faq", "FAQ (JSON: question, answer)", json("faq", config.faq))),
    h("button", { type: "submit", class: "primary" }, "Save changes"));
  fields.visits_callers.querySelector("label").textContent = "The team visits the caller (ask each booking's address)";

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    Object.values(fields).forEach((f) => { f.querySelector(".field-error").textContent = ""; f.classList.remove("invalid"); });
    let changes;
    try {
      changes = collect(inputs);
    } catch (error) {
      return ctx.say(error.message, "error");
    }
    try {
      const saved = await ctx.api(`${base}/settings`, { method: "PUT", body: { config: changes } });
      ctx.say(saved.changed.length ? `Saved: ${saved.changed.join(", ")}. The next call uses it.` : "Nothing changed.");
      await showAudit(audit, ctx);
    } catch (error) {
      let first = null;
      for (const [key, message] of Object.entries(error.fields || {})) {
        const name = Object.keys(fields).filter((n) => key === n || key.startsWith(`${n}.`)).sort((a, b) => b.length - a.length)[0]
          || key.split(".")[0];
        const target = fields[name];
        if (!target) continue;
        const box = target.querySelector(".field-error");
        box.textContent = box.textContent ? `${box.textContent}; ${message}` : `${key.slice(name.length + 1) || ""} ${message}`.trim();
        target.classList.add("invalid");
        first ||= target.querySelector("input, textarea");
      }
      ctx.say(error.message, "error");
      if (first) first.focus();
    }
  });
  const audit = h("div");
  replace(main, h("h1", { tabindex: "-1" }, "Settings"), form, h("h2", {}, "Changes"), audit);
  await showAudit(audit, ctx);
}

function collect(inputs) {
  const hours = {};
  for (const day of DAYS) hours[day] = parseHours(inputs[`hours.${day}`].value);
  const parsed = {};
  for (const name of ["services", "exceptions", "faq"]) {
    try {
      parsed[name] = JSON.parse(inputs[name].value || "[]");
    } catch {
      throw new Error(`${name} is not valid JSON.`);
    }
  }
  const numbers = list(inputs.reminder_minutes.value).map(Number);
  return {
    hours, ...parsed,
    greeting: inputs.greeting.value.trim(),
    transfer_number: inputs.transfer_number.value.trim() || null,
    visits_callers: inputs.visits_callers.checked,
    service_areas: list(inputs.service_areas.value),
    address: inputs.address.value.trim(),
    notify_email: inputs.notify_email.value.trim() || null,
    daily_summary_at: inputs.daily_summary_at.value || null,
    reminder_minutes: numbers,
    min_notice_minutes: Number(inputs.min_notice_minutes.value),
  };
}

async function showAudit(box, ctx) {
  const { entries } = await ctx.api(`/businesses/${ctx.business.id}/audit?limit=20`);
  replace(box, entries.length ? h("ul", { class: "audit" }, entries.map((e) => h("li", {},
    `${formatTime(e.at)} · ${e.who} · ${e.action}: ${Object.keys(e.detail).join(", ")}`))) : h("p", { class: "muted" }, "No changes yet."));
}
