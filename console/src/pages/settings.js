// What Roxy knows and how she works: plain fields, and services, closures and FAQ as rows. The
// server's Business model validates the save; an error shows beside the field (or row) it names.
// Saved changes answer the next call and are written to the audit log.
import { formatTime, h, replace } from "../dom.js";
import { clearErrors, commaList, input, parseRanges, rangesText, rowList, showErrors } from "../form.js";

export const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
export const dayLabel = (day) => `${day[0].toUpperCase()}${day.slice(1)}`;
const text = (value, props = {}) => h("input", { type: "text", value: value ?? "", ...props });
const number = (value, props = {}) => h("input", { type: "number", value: value ?? "", inputmode: "numeric", ...props });
const numberOrNull = (control) => (control.value.trim() === "" ? null : Number(control.value));

function serviceRow(service) {
  const c = {
    name: text(service.name, { maxlength: 80 }),
    duration_minutes: number(service.duration_minutes, { min: 5, step: 5 }),
    price: number(service.price, { min: 0, step: "0.01", inputmode: "decimal" }),
    buffer_before_minutes: number(service.buffer_before_minutes ?? 0, { min: 0, step: 5 }),
    buffer_after_minutes: number(service.buffer_after_minutes ?? 0, { min: 0, step: 5 }),
    aliases: text((service.aliases || []).join(", ")),
    description: text(service.description),
  };
  return {
    title: () => c.name.value.trim(),
    body: [input("name", "Name", c.name), input("duration_minutes", "Duration (minutes)", c.duration_minutes),
      input("price", "Price", c.price, "Empty: no price given"),
      input("buffer_before_minutes", "Buffer before (minutes)", c.buffer_before_minutes),
      input("buffer_after_minutes", "Buffer after (minutes)", c.buffer_after_minutes),
      input("aliases", "Also called (comma-separated)", c.aliases), input("description", "Description", c.description)],
    read: () => ({
      ...service, name: c.name.value.trim(), duration_minutes: numberOrNull(c.duration_minutes),
      price: numberOrNull(c.price), buffer_before_minutes: numberOrNull(c.buffer_before_minutes) ?? 0,
      buffer_after_minutes: numberOrNull(c.buffer_after_minutes) ?? 0, aliases: commaList(c.aliases.value),
      description: c.description.value.trim(),
    }),
  };
}

export function closureRow(closure) {
  const c = {
    date: h("input", { type: "date", value: closure.date || "" }),
    end_date: h("input", { type: "date", value: closure.end_date || "" }),
    closed: h("select", {}, h("option", { value: "closed", selected: closure.closed !== false }, "Closed"),
      h("option", { value: "special", selected: closure.closed === false }, "Special hours")),
    hours: text(rangesText(closure.hours), { placeholder: "10:00-14:00" }),
    reason: text(closure.reason, { maxlength: 200 }),
  };
  const hoursField = input("hours", "Special hours", c.hours, "Times like 10:00-14:00, 15:00-18:00");
  const showHours = () => { hoursField.hidden = c.closed.value === "closed"; };
  c.closed.addEventListener("change", showHours);
  showHours();
  return {
    title: () => [c.date.value, c.end_date.value].filter(Boolean).join(" to ") + (c.reason.value ? ` ${c.reason.value}` : ""),
    body: [input("date", "From", c.date), input("end_date", "To (optional, for a range)", c.end_date),
      input("closed", "Closed or special hours", c.closed), hoursField, input("reason", "Reason", c.reason)],
    read: () => ({
      ...closure, date: c.date.value || null, end_date: c.end_date.value || null, closed: c.closed.value === "closed",
      hours: c.closed.value === "closed" ? [] : parseRanges(c.hours.value), reason: c.reason.value.trim(),
    }),
  };
}

function faqRow(entry) {
  const c = {
    question: text(entry.question, { maxlength: 300 }),
    answer: h("textarea", { rows: 2, maxlength: 2000 }, entry.answer || ""),
    keywords: text((entry.keywords || []).join(", ")),
  };
  return {
    wide: true,
    title: () => c.question.value.trim(),
    body: [input("question", "Question", c.question), input("answer", "Answer", c.answer),
      input("keywords", "Keywords (comma-separated, optional)", c.keywords, "Words a caller may use for it")],
    read: () => ({ ...entry, question: c.question.value.trim(), answer: c.answer.value.trim(),
      keywords: commaList(c.keywords.value) }),
  };
}

export async function render(main, ctx) {
  const base = `/businesses/${ctx.business.id}`;
  const { config } = await ctx.api(`${base}/settings`);
  const c = {
    greeting: h("textarea", { rows: 2 }, config.greeting || ""),
    transfer_number: h("input", { type: "tel", value: config.transfer_number ?? "" }),
    visits_callers: h("input", { type: "checkbox", checked: config.visits_callers }),
    service_areas: text((config.service_areas || []).join(", ")),
    address: text(config.address),
    notify_email: h("input", { type: "email", value: config.notify_email ?? "" }),
    daily_summary_at: h("input", { type: "time", value: (config.daily_summary_at || "").slice(0, 5) }),
    reminder_minutes: text((config.reminder_minutes || []).join(", "), { inputmode: "numeric" }),
    min_notice_minutes: number(config.min_notice_minutes, { min: 0 }),
  };
  const hours = Object.fromEntries(DAYS.map((day) => [day,
    text(rangesText(config.hours[day]), { placeholder: "closed, or 09:00-17:00", inputmode: "numeric" })]));
  const services = rowList({ name: "services", legend: "Services", items: config.services, build: serviceRow,
    blank: () => ({ name: "", duration_minutes: 30, price: null, aliases: [] }), addLabel: "Add a service" });
  const closures = rowList({ name: "exceptions", legend: "Closures and special hours", items: config.exceptions,
    hint: "A day or a range of days the business is closed, or opens other hours than usual.",
    build: closureRow, blank: () => ({ closed: true, hours: [], reason: "" }), addLabel: "Add a closure or special hours" });
  const faq = rowList({ name: "faq", legend: "Questions callers ask", items: config.faq, build: faqRow,
    blank: () => ({ question: "", answer: "", keywords: [] }), addLabel: "Add a question" });

  const form = h("form", { "aria-label": "Business settings", novalidate: true },
    h("fieldset", { "data-path": "hours" }, h("legend", {}, "Opening hours"),
      h("p", { class: "muted small" }, "Times like 09:00-12:00, 13:00-17:30; empty means closed."),
      DAYS.map((day) => input(`hours.${day}`, dayLabel(day), hours[day]))),
    h("fieldset", {}, h("legend", {}, "On the phone"),
      input("greeting", "Greeting", c.greeting), input("transfer_number", "Transfer calls to", c.transfer_number),
      input("visits_callers", "The team visits the caller (ask each booking's address)", c.visits_callers),
      input("service_areas", "Service areas (comma-separated)", c.service_areas), input("address", "Address", c.address),
      input("notify_email", "Email for staff alerts", c.notify_email),
      input("daily_summary_at", "Daily summary email to the owners at (empty: none)", c.daily_summary_at)),
    h("fieldset", {}, h("legend", {}, "Bookings"),
      input("reminder_minutes", "Reminders, minutes before (comma-separated)", c.reminder_minutes),
      input("min_notice_minutes", "Minimum notice (minutes)", c.min_notice_minutes)),
    services.el, closures.el, faq.el,
    h("button", { type: "submit", class: "primary" }, "Save changes"));

  const collect = () => ({
    hours: Object.fromEntries(DAYS.map((day) => [day, parseRanges(hours[day].value)])),
    services: services.read(), exceptions: closures.read(), faq: faq.read(),
    greeting: c.greeting.value.trim(),
    transfer_number: c.transfer_number.value.trim() || null,
    visits_callers: c.visits_callers.checked,
    service_areas: commaList(c.service_areas.value),
    address: c.address.value.trim(),
    notify_email: c.notify_email.value.trim() || null,
    daily_summary_at: c.daily_summary_at.value || null,
    reminder_minutes: commaList(c.reminder_minutes.value).map(Number),
    min_notice_minutes: numberOrNull(c.min_notice_minutes),
  });
  const audit = h("div");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(ctx, form, collect(), () => showAudit(audit, ctx));
  });
  replace(main, h("h1", { tabindex: "-1" }, "Settings"), form, h("h2", {}, "Changes"), audit);
  await showAudit(audit, ctx);
}

// PUT the changes; on a 422 each error goes beside its field and the first one gets the focus.
export async function save(ctx, form, changes, after) {
  clearErrors(form);
  try {
    const saved = await ctx.api(`/businesses/${ctx.business.id}/settings`, { method: "PUT", body: { config: changes } });
    ctx.say(saved.changed.length ? `Saved: ${saved.changed.join(", ")}. The next call uses it.` : "Nothing changed.");
    await after(saved);
  } catch (error) {
    const first = showErrors(form, error.fields);
    ctx.say(error.message, "error");
    if (first) first.focus();
  }
}

async function showAudit(box, ctx) {
  const { entries } = await ctx.api(`/businesses/${ctx.business.id}/audit?limit=20`);
  replace(box, entries.length ? h("ul", { class: "audit" }, entries.map((e) => h("li", {},
    `${formatTime(e.at)} · ${e.who} · ${e.action}: ${Object.keys(e.detail).join(", ")}`))) : h("p", { class: "muted" }, "No changes yet."));
}
