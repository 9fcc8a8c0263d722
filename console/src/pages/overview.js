// Calls by outcome, booking conversion, bookings, messages and leads by stage (business_stats),
// and calls per day over the last two weeks as a bar chart.
import { h, replace } from "../dom.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const child of children) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

function chart(days) {
  const most = Math.max(1, ...days.map((d) => d.calls));
  const width = 28;
  const bars = days.flatMap((d, i) => {
    const total = (d.calls / most) * 100;
    const booked = (d.booked / most) * 100;
    return [
      svg("rect", { x: i * width + 4, y: 110 - total, width: width - 8, height: total, class: "bar" }, svg("title", {}, `${d.day}: ${d.calls} calls`)),
      svg("rect", { x: i * width + 4, y: 110 - booked, width: width - 8, height: booked, class: "bar booked" }, svg("title", {}, `${d.day}: ${d.booked} booked`)),
      svg("text", { x: i * width + width / 2, y: 124, class: "axis", "text-anchor": "middle" }, d.day.slice(8)),
    ];
  });
  return svg("svg", { viewBox: `0 0 ${days.length * width} 130`, role: "img", "aria-label": `Calls per day, last ${days.length} days; booked calls darker`, class: "chart" }, ...bars);
}

function table(title, counts) {
  const rows = Object.entries(counts || {});
  return h("section", { class: "card" }, h("h2", {}, title),
    h("table", {}, h("tbody", {}, rows.map(([k, v]) => h("tr", {}, h("th", { scope: "row" }, k.replaceAll("_", " ")), h("td", {}, v))))));
}

export async function render(main, ctx) {
  const stats = await ctx.api(`/businesses/${ctx.business.id}/overview`);
  const conversion = stats.booking_conversion === null ? "—" : `${Math.round(stats.booking_conversion * 100)}%`;
  replace(main, h("h1", { tabindex: "-1" }, "Overview"),
    h("p", { class: "muted" }, "The last 30 days."),
    h("div", { class: "cards" },
      h("section", { class: "card" }, h("h2", {}, "Calls"), h("p", { class: "big" }, stats.calls.total)),
      h("section", { class: "card" }, h("h2", {}, "Booking conversion"), h("p", { class: "big" }, conversion)),
      h("section", { class: "card" }, h("h2", {}, "Appointments made"), h("p", { class: "big" }, stats.appointments_created),
        h("p", { class: "small muted" }, `${stats.calls.book_appointment} calls booked; `,
          `${Math.max(0, stats.appointments_created - stats.calls.book_appointment)} from texts, the API or this console`))),
    h("h2", {}, "Calls per day"), chart(stats.by_day),
    h("div", { class: "cards" },
      table("Calls by outcome", Object.fromEntries(Object.entries(stats.calls).filter(([k]) => k !== "total"))),
      table("Leads by stage", stats.leads_by_stage),
      table("Messages by status", stats.notifications_by_status)));
}
