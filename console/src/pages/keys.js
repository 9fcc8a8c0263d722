// Tools-API keys: made with a label, shown once, revoked here.
import { field, formatTime, h, replace } from "../dom.js";

export async function render(main, ctx) {
  const base = `/businesses/${ctx.business.id}/keys`;
  const list = h("div");
  const shown = h("div", { role: "region", "aria-label": "New key", "aria-live": "polite" });
  const load = async () => {
    const { keys } = await ctx.api(base);
    replace(list, keys.length ? h("ul", { class: "keys" }, keys.map((k) => h("li", {},
      h("strong", {}, k.label || "(no label)"), ` · made ${formatTime(k.created_at)} ${k.created_by ? `by ${k.created_by}` : ""} `,
      h("button", { type: "button", class: "danger", "aria-label": `Revoke ${k.label}`, onclick: () => revoke(k) }, "Revoke"))))
      : h("p", { class: "muted" }, "No keys."));
  };
  const revoke = async (key) => {
    try {
      await ctx.api(`${base}/${key.id}`, { method: "DELETE" });
      ctx.say(`Revoked ${key.label}.`);
      await load();
    } catch (error) {
      ctx.say(error.message, "error");
    }
  };
  const label = h("input", { type: "text", name: "label", required: true, maxlength: 60 });
  const create = async (event) => {
    event.preventDefault();
    try {
      const made = await ctx.api(base, { method: "POST", body: { label: label.value.trim() } });
      replace(shown, h("p", {}, "Copy this key now; it is not shown again:"), h("p", {}, h("code", { class: "key" }, made.key)));
      label.value = "";
      await load();
    } catch (error) {
      ctx.say(error.message, "error");
    }
  };
  await load();
  replace(main, h("h1", { tabindex: "-1" }, "API keys"), list, shown,
    h("form", { onsubmit: create, "aria-label": "New API key" }, field("Label", label), h("button", { type: "submit", class: "primary" }, "Create key")));
}
