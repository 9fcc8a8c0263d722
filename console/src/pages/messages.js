// Texts and emails with their delivery status; failures stand out and can be sent again.
import { formatTime, h, replace } from "../dom.js";

const FAILED = new Set(["failed", "undelivered", "bounced"]);

export async function render(main, ctx) {
  const base = `/businesses/${ctx.business.id}/messages`;
  const status = h("select", { name: "status", "aria-label": "Status" }, h("option", { value: "" }, "Any status"),
    ["queued", "sent", "delivered", "failed", "undelivered", "bounced", "skipped"].map((s) => h("option", { value: s }, s)));
  const body = h("tbody");
  const load = async () => {
    const data = await ctx.api(`${base}?limit=50${status.value ? `&status=${status.value}` : ""}`);
    replace(body, data.notifications.length ? data.notifications.map((n) => h("tr", { class: FAILED.has(n.status) ? "failed" : "" },
      h("td", {}, formatTime(n.created_at)),
      h("td", {}, n.channel === "sms" ? "Text" : "Email", h("br"), h("span", { class: "muted small" }, n.kind.replace("_", " "))),
      h("td", {}, n.to),
      h("td", {}, h("span", { class: `badge ${FAILED.has(n.status) ? "bad" : ""}` }, n.status), n.error ? h("p", { class: "small" }, n.error) : null),
      h("td", { class: "message" }, n.subject ? h("strong", {}, n.subject) : null, h("p", { class: "small" }, n.body)),
      h("td", {}, h("button", { type: "button", onclick: () => resend(n) }, "Resend"))))
      : h("tr", {}, h("td", { colspan: 6 }, "No messages.")));
  };
  const resend = async (n) => {
    try {
      await ctx.api(`${base}/${encodeURIComponent(n.id)}/resend`, { method: "POST" });
      ctx.say(`Queued again to ${n.to}.`);
      await load();
    } catch (error) {
      ctx.say(error.message, "error");
    }
  };
  status.addEventListener("change", load);
  await load();
  replace(main, h("h1", { tabindex: "-1" }, "Messages"), h("div", { class: "toolbar" }, status),
    h("div", { class: "table-wrap" }, h("table", {}, h("caption", { class: "sr-only" }, "Messages, newest first"),
      h("thead", {}, h("tr", {}, ["When", "What", "To", "Status", "Message", ""].map((t) => h("th", { scope: "col" }, t)))), body)));
  ctx.every(5000, () => load().catch(() => {}));
}
