// The day or the week: each appointment with service, caller, notes, status and source; book,
// move, cancel, and mark completed or no-show (the caller gets the same texts as on a call).
import { field, h, localPart, replace } from "../dom.js";

function addDays(day, n) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function dayName(day) {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "short", timeZone: "UTC" });
}

// A business with staff: one column per person (and one for bookings nobody is assigned to).
function columns(staff, appointments) {
  const found = staff.map((m) => ({ key: m.id, name: m.name, items: [] }));
  const byKey = Object.fromEntries(found.map((c) => [c.key, c]));
  for (const a of appointments) {
    const key = a.staff_id || "";
    if (!byKey[key]) found.push(byKey[key] = { key, name: key ? a.staff_name || key : "Unassigned", items: [] });
    byKey[key].items.push(a);
  }
  return found;
}

export async function render(main, ctx) {
  const base = `/businesses/${ctx.business.id}/appointments`;
  const asked = new URLSearchParams(window.location.search);
  const state = { view: asked.get("view") === "week" ? "week" : "day", day: asked.get("day"), who: "", data: null };
  const list = h("div", { class: "schedule" });
  const heading = h("h2", {});
  const picker = h("select", { name: "who", onchange: () => { state.who = picker.value; draw(); } });
  const pickerField = field("Show", picker);
  pickerField.hidden = true;
  const draw = () => {
    const { data } = state;
    const staff = data.staff || [];
    pickerField.hidden = !staff.length;
    const shown = (a) => !state.who || (a.staff_id || "") === state.who;
    const days = state.view === "week" ? [...Array(7).keys()].map((n) => addDays(data.from, n)) : [data.from];
    const byDay = {};
    for (const a of data.appointments) if (shown(a)) (byDay[a.start.slice(0, 10)] ||= []).push(a);
    const listOf = (items) => (items.length ? h("ul", { class: "appointments" }, items.map((a) => item(a, ctx, load, staff)))
      : h("p", { class: "muted" }, "Nothing booked."));
    if (staff.length) {
      const all = columns(staff, data.appointments);
      replace(picker, h("option", { value: "" }, "Everyone"),
        all.map((c) => h("option", { value: c.key, selected: c.key === state.who }, c.name)));
    }
    if (state.view === "day" && staff.length) {
      const shownColumns = columns(staff, byDay[data.from] || []).filter((c) => !state.who || c.key === state.who);
      replace(list, h("div", { class: "columns" }, shownColumns.map((c) =>
        h("section", { class: "column", "aria-label": c.name, "data-staff": c.key || "unassigned" },
          h("h3", {}, c.name), listOf(c.items)))));
      return;
    }
    replace(list, days.map((day) => h("section", { class: "day", "aria-label": dayName(day) },
      state.view === "week" ? h("h3", {}, dayName(day)) : null, listOf(byDay[day] || []))));
  };
  const load = async () => {
    const to = state.day && state.view === "week" ? addDays(state.day, 6) : state.day;
    const query = state.day ? `?from=${state.day}&to=${to}` : "?";
    const data = await ctx.api(`${base}${query}`);
    for (let cursor = data.cursor, pages = 0; cursor && pages < 5; pages += 1) {   // a busy week: the next pages
      const more = await ctx.api(`${base}${query}&cursor=${encodeURIComponent(cursor)}`);
      data.appointments.push(...more.appointments);
      cursor = more.cursor;
    }
    state.day = data.from;
    state.data = data;
    heading.textContent = state.view === "week" ? `Week of ${dayName(data.from)}` : dayName(data.from);
    draw();
  };
  const move = (n) => { state.day = addDays(state.day, state.view === "week" ? 7 * n : n); load(); };
  const viewButton = (view, label) => h("button", { type: "button", "aria-pressed": String(state.view === view),
    onclick: (e) => { state.view = view; e.target.parentNode.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(b === e.target))); load(); } }, label);
  await load();
  replace(main, h("h1", { tabindex: "-1" }, "Schedule"),
    h("div", { class: "toolbar" },
      h("div", { role: "group", "aria-label": "View" }, viewButton("day", "Day"), viewButton("week", "Week")),
      h("button", { type: "button", onclick: () => move(-1) }, "Previous"),
      h("button", { type: "button", onclick: () => { state.day = null; load(); } }, "Today"),
      h("button", { type: "button", onclick: () => move(1) }, "Next"),
      pickerField),
    heading, list, bookForm(ctx, load, state.data.staff || []));
  ctx.every(4000, () => load().catch(() => {}));
}

function item(a, ctx, reload, staff) {
  const actions = h("div", { class: "actions" });
  const active = a.status === "booked" || a.status === "confirmed";
  const act = async (path, body, done) => {
    try {
      await ctx.api(`/businesses/${ctx.business.id}/appointments/${a.id}/${path}`, { method: "POST", body });
      ctx.say(done);
      await reload();
    } catch (error) {
      ctx.say(error.message, "error");
    }
  };
  if (active) {
    const reason = h("input", { type: "text", name: "reason", maxlength: 500 });
    const when = h("input", { type: "datetime-local", name: "new_start", step: 300, value: a.start.slice(0, 16) });
    const who = staff.length ? h("select", { name: "staff" }, h("option", { value: "" }, "The same person"),
      staff.map((m) => h("option", { value: m.id }, m.name)), h("option", { value: "anyone" }, "Anyone free")) : null;
    actions.append(
      h("details", {}, h("summary", {}, "Cancel"),
        h("form", { onsubmit: (e) => { e.preventDefault(); act("cancel", { reason: reason.value }, `Cancelled ${a.service} for ${a.caller_name}.`); } },
          field("Reason (optional)", reason), h("button", { type: "submit", class: "danger" }, "Cancel appointment"))),
      h("details", {}, h("summary", {}, "Move"),
        h("form", { onsubmit: (e) => { e.preventDefault(); act("move", { new_start: when.value, staff: who ? who.value : "" }, `Moved ${a.service} for ${a.caller_name}.`); } },
          field("New start", when), who ? field("With", who) : null, h("button", { type: "submit" }, "Move appointment"))),
      h("button", { type: "button", onclick: () => act("outcome", { status: "completed" }, "Marked completed.") }, "Completed"),
      h("button", { type: "button", onclick: () => act("outcome", { status: "no_show" }, "Marked no-show.") }, "No-show"));
  }
  return h("li", { class: `appointment status-${a.status}`, "data-appointment": a.id },
    h("p", { class: "when" }, `${localPart(a.start)}–${localPart(a.end)}`),
    h("p", {}, h("strong", {}, a.service), ` · ${a.caller_name} `, h("span", { class: "muted" }, a.caller_phone)),
    a.staff_id ? h("p", { class: "staff" }, `with ${a.staff_name || a.staff_id}`) : null,
    a.notes ? h("p", { class: "notes" }, a.notes) : null,
    h("p", { class: "muted small" }, `${a.status.replace("_", "-")} · from ${a.source || "api"}`),
    actions);
}

function bookForm(ctx, reload, staff) {
  const inputs = {
    service: h("input", { type: "text", name: "service", required: true, maxlength: 80 }),
    start: h("input", { type: "datetime-local", name: "start", required: true, step: 300 }),
    staff: staff.length ? h("select", { name: "staff" }, h("option", { value: "" }, "Anyone free"),
      staff.map((m) => h("option", { value: m.id }, m.name))) : null,
    caller_name: h("input", { type: "text", name: "caller_name", required: true, maxlength: 120, autocomplete: "off" }),
    caller_phone: h("input", { type: "tel", name: "caller_phone", required: true, autocomplete: "off" }),
    email: h("input", { type: "email", name: "email", autocomplete: "off" }),
    notes: h("textarea", { name: "notes", rows: 2, maxlength: 2000 }),
  };
  if (!inputs.staff) delete inputs.staff;
  const labels = { service: "Service", start: "Start", staff: "With", caller_name: "Name", caller_phone: "Phone",
    email: "Email (optional)", notes: "Notes" };
  const fields = Object.fromEntries(Object.entries(inputs).map(([k, input]) => [k, field(labels[k], input)]));
  const submit = async (event) => {
    event.preventDefault();
    Object.values(fields).forEach((f) => { f.querySelector(".field-error").textContent = ""; });
    const body = Object.fromEntries(Object.entries(inputs).map(([k, input]) => [k, input.value.trim()]));
    try {
      const made = await ctx.api(`/businesses/${ctx.business.id}/appointments`, { method: "POST", body });
      const who = made.appointment && made.appointment.staff ? ` with ${made.appointment.staff}` : "";
      ctx.say(`Booked ${body.service} for ${body.caller_name}${who}.`);
      event.target.reset();
      await reload();
    } catch (error) {
      for (const [name, text] of Object.entries(error.fields || {})) {
        const target = fields[name] && fields[name].querySelector(".field-error");
        if (target) target.textContent = text;
      }
      ctx.say(error.message, "error");
    }
  };
  return h("details", { class: "book" }, h("summary", {}, "Book an appointment"),
    h("form", { onsubmit: submit, "aria-label": "Book an appointment" }, Object.values(fields), h("button", { type: "submit", class: "primary" }, "Book")));
}
