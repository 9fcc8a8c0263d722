// The owner invites staff by email and removes them. Staff see schedule, calls and leads only.
import { field, h, replace } from "../dom.js";

export async function render(main, ctx) {
  const base = `/businesses/${ctx.business.id}/members`;
  const list = h("div");
  const load = async () => {
    const { members, invites } = await ctx.api(base);
    const row = (email, role, state) => h("tr", {}, h("td", {}, email), h("td", {}, role), h("td", {}, state),
      h("td", {}, h("button", { type: "button", class: "danger", "aria-label": `Remove ${email}`, onclick: () => remove(email) }, "Remove")));
    replace(list, h("div", { class: "table-wrap" }, h("table", {},
      h("caption", { class: "sr-only" }, "Members and invitations"),
      h("thead", {}, h("tr", {}, ["Email", "Role", "State", ""].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, members.map((m) => row(m.email, m.role, "member")), invites.map((i) => row(i.email, i.role, "invited"))))));
  };
  const remove = async (email) => {
    try {
      await ctx.api(`${base}/${encodeURIComponent(email)}`, { method: "DELETE" });
      ctx.say(`Removed ${email}.`);
      await load();
    } catch (error) {
      ctx.say(error.message, "error");
    }
  };
  const email = h("input", { type: "email", name: "email", required: true, autocomplete: "off" });
  const role = h("select", { name: "role" }, h("option", { value: "staff" }, "Staff"), h("option", { value: "owner" }, "Owner"));
  const emailField = field("Email", email);
  const invite = async (event) => {
    event.preventDefault();
    emailField.querySelector(".field-error").textContent = "";
    try {
      await ctx.api(base, { method: "POST", body: { email: email.value.trim(), role: role.value } });
      ctx.say(`Invited ${email.value.trim()}: they sign in with that email to join.`);
      email.value = "";
      await load();
    } catch (error) {
      emailField.querySelector(".field-error").textContent = (error.fields && error.fields.email) || error.message;
      ctx.say(error.message, "error");
    }
  };
  await load();
  replace(main, h("h1", { tabindex: "-1" }, "Team"), list,
    h("h2", {}, "Invite someone"),
    h("form", { onsubmit: invite, "aria-label": "Invite a member" }, emailField, field("Role", role),
      h("button", { type: "submit", class: "primary" }, "Send invite")));
}
