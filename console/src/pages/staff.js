// The people who take appointments: each with the services they do, their own working days and
// hours within the business's, breaks, and a connected Google Calendar. Saved through the same
// settings endpoint (the Business model validates it; audited); a calendar is connected through
// Google's consent page, never typed in.
import { h, replace } from "../dom.js";
import { clearErrors, input, parseRanges, rangesText, rowList } from "../form.js";
import { DAYS, closureRow, dayLabel, save } from "./settings.js";

function slug(name, taken) {
  const stem = name.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "").slice(0, 36) || "staff";
  let id = stem;
  for (let n = 2; taken.has(id); n += 1) id = `${stem}-${n}`;
  return id;
}

// Connecting goes through Google's consent page, in a tab of its own (the form here keeps any
// unsaved edits); its redirect (calendar_webhook/oauth) connects, and this page, which looks every
// few seconds while it waits, then shows the calendar.
function calendarPart({ staff, label, calendar, saved }, ctx) {
  if (!saved) return h("p", { class: "muted small" }, "Save first, then connect their Google Calendar.");
  const badge = (linked) => (linked ? h("span", { class: "badge" }, `Google Calendar connected: ${linked.calendar_id}`)
    : h("span", { class: "muted" }, "No calendar connected"));
  const shown = h("p", { "aria-live": "polite" }, badge(calendar));
  let waiting = false;
  ctx.every(3000, async () => {
    if (!waiting) return;
    const { config } = await ctx.api(`/businesses/${ctx.business.id}/settings`);
    const linked = staff ? (config.staff.find((m) => m.id === staff) || {}).calendar : config.calendar;
    if (linked && JSON.stringify(linked) !== JSON.stringify(calendar)) {
      waiting = false;
      replace(shown, badge(linked));
      ctx.say(`Connected ${label}'s Google Calendar.`);
    }
  });
  const connect = async () => {
    try {
      const { url } = await ctx.api(`/businesses/${ctx.business.id}/calendar/connect`,
        { method: "POST", body: staff ? { staff } : {} });
      waiting = true;
      if (!window.open(url, "_blank")) window.location.assign(url);   // a blocked tab: go there instead
      else ctx.say("Allow access on Google's page; this page shows the calendar once it is connected.");
    } catch (error) {
      ctx.say(error.message, "error");
    }
  };
  return h("div", { class: "calendar" }, shown,
    h("button", { type: "button", onclick: connect, "aria-label": `Connect ${label}'s Google Calendar` },
      calendar ? "Reconnect Google Calendar" : "Connect Google Calendar"));
}

function staffRow(member, config, ctx) {
  const name = h("input", { type: "text", value: member.name || "", maxlength: 80 });
  const every = !member.services || !member.services.length;
  const services = config.services.map((s) => [s.name,
    h("input", { type: "checkbox", checked: every || member.services.includes(s.name) })]);
  const days = DAYS.map((day) => {
    const own = member.hours ? member.hours[day] : undefined;
    return [day, h("input", { type: "checkbox", checked: !member.hours || own !== undefined }),
      h("input", { type: "text", value: own ? rangesText(own) : "", placeholder: rangesText(config.hours[day]) || "closed" })];
  });
  for (const [, works, hours] of days) {
    const follow = () => { hours.disabled = !works.checked; };
    works.addEventListener("change", follow);
    follow();
  }
  const breaks = h("input", { type: "text", value: rangesText(member.breaks), placeholder: "12:00-12:30" });
  const phone = h("input", { type: "tel", value: member.phone ?? "" });
  const email = h("input", { type: "email", value: member.email ?? "" });
  const timeOff = rowList({ name: "time_off", legend: "Time off", items: member.time_off, build: closureRow, level: 4,
    blank: () => ({ closed: true, hours: [], reason: "" }), addLabel: "Add time off" });
  const body = [
    input("name", "Name", name),
    h("fieldset", { class: "choices", "data-rel": "services", "data-path": "services" },
      h("legend", {}, "Services they do"), h("p", { class: "field-error" }),
      services.map(([label, box]) => input(`services.${label}`, label, box))),
    h("fieldset", { class: "days", "data-rel": "hours", "data-path": "hours" },
      h("legend", {}, "Working days and hours"),
      h("p", { class: "muted small" }, "Untick a day off. Hours empty: the business's hours that day."),
      h("p", { class: "field-error" }),
      days.map(([day, works, hours]) => h("div", { class: "day-hours" },
        input(`hours.${day}.works`, `Works ${dayLabel(day)}`, works), input(`hours.${day}`, `${dayLabel(day)} hours`, hours)))),
    input("breaks", "Breaks every working day", breaks, "Times like 12:00-12:30"), timeOff.el,
    input("phone", "Mobile (texted about calendar clashes)", phone), input("email", "Email", email),
    calendarPart({ staff: member.id, label: member.name, calendar: member.calendar, saved: Boolean(member.id) }, ctx),
  ];
  const read = () => {
    const ticked = services.filter(([, box]) => box.checked).map(([label]) => label);
    const own = days.some(([, works, hours]) => !works.checked || hours.value.trim());
    return {
      ...member, name: name.value.trim(),
      services: ticked.length === services.length ? [] : ticked,
      hours: own ? Object.fromEntries(days.filter(([, works]) => works.checked).map(([day, , hours]) =>
        [day, hours.value.trim() ? parseRanges(hours.value) : config.hours[day] || []])) : null,
      breaks: parseRanges(breaks.value), time_off: timeOff.read(), phone: phone.value.trim() || null, email: email.value.trim() || null,
    };
  };
  return { body, read, title: () => name.value.trim() };
}

export async function render(main, ctx) {
  const { config } = await ctx.api(`/businesses/${ctx.business.id}/settings`);
  const list = rowList({
    name: "staff", legend: "Staff", items: config.staff,
    hint: "No staff: the business books as one chair, as before. With staff, every service needs someone who does it.",
    build: (member) => staffRow(member, config, ctx),
    blank: () => ({ name: "", services: [], hours: null, breaks: [] }), addLabel: "Add a staff member",
  });
  const form = h("form", { "aria-label": "Staff", novalidate: true }, list.el,
    h("button", { type: "submit", class: "primary" }, "Save staff"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    // No service ticked is not "every service" (an empty list is): say so rather than guess.
    const unticked = [...form.querySelectorAll("fieldset.choices")].filter((set) => !set.querySelector("input:checked"));
    unticked.forEach((set) => { set.querySelector(".field-error").textContent = "Tick at least one service."; });
    if (unticked.length) {
      unticked[0].querySelector("input").focus();
      return ctx.say("Tick at least one service for each staff member.", "error");
    }
    const staff = list.read();
    const taken = new Set(staff.map((m) => m.id).filter(Boolean));
    for (const member of staff) {
      if (!member.id && member.name) { member.id = slug(member.name, taken); taken.add(member.id); }
    }
    await save(ctx, form, { staff }, async () => {
      await render(main, ctx);
      main.querySelector("h1").focus();
    });
  });
  const business = config.staff.length ? null : h("section", { "aria-label": "Business calendar" },
    h("h2", {}, "The business's calendar"),
    h("p", { class: "muted small" }, "Without staff, the business's own Google Calendar can be connected."),
    calendarPart({ staff: null, label: config.name, calendar: config.calendar, saved: true }, ctx));
  replace(main, h("h1", { tabindex: "-1" }, "Staff"), form, business);
}
