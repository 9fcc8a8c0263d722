// The pipeline by stage, each lead's score with its breakdown, search and filters (paged by the
// API's cursors), a stage change with its reason, and a CSV export.
import { download } from "../api.js";
import { field, h, replace } from "../dom.js";

const STAGES = ["new", "contacted", "qualified", "booked", "customer", "lost"];

export async function render(main, ctx) {
  const base = `/businesses/${ctx.business.id}/leads`;
  const params = new URLSearchParams(window.location.search);
  const q = h("input", { type: "search", name: "q", value: params.get("q") || "" });
  const stage = h("select", { name: "stage" }, h("option", { value: "" }, "Every stage"), STAGES.map((s) => h("option", { value: s }, s)));
  const minScore = h("input", { type: "number", name: "min_score", min: 0, max: 100 });
  const board = h("div", { class: "pipeline" });
  const more = h("button", { type: "button", hidden: true }, "Load more");
  let cursor = null;
  const query = () => {
    const found = new URLSearchParams();
    if (q.value.trim()) found.set("q", q.value.trim());
    if (stage.value) found.set("stage", stage.value);
    if (minScore.value) found.set("min_score", minScore.value);
    return found;
  };
  let shown = [];
  const draw = () => {
    const columns = STAGES.map((s) => [s, shown.filter((lead) => lead.stage === s)]).filter(([, leads]) => leads.length || !stage.value);
    replace(board, columns.map(([s, leads]) => h("section", { class: "stage", "aria-label": `${s} (${leads.length})` },
      h("h2", {}, `${s} (${leads.length})`), h("ul", {}, leads.map((lead) => card(lead, ctx, base, reload))))));
  };
  const reload = async () => {
    const data = await ctx.api(`${base}?limit=50&${query()}`);
    shown = data.leads;
    cursor = data.next_cursor;
    more.hidden = !cursor;
    draw();
  };
  more.addEventListener("click", async () => {
    const data = await ctx.api(`${base}?limit=50&${query()}&cursor=${encodeURIComponent(cursor)}`);
    shown = shown.concat(data.leads);
    cursor = data.next_cursor;
    more.hidden = !cursor;
    draw();
  });
  const filters = h("form", { class: "toolbar", "aria-label": "Filter leads", onsubmit: (e) => { e.preventDefault(); reload().catch((x) => ctx.say(x.message, "error")); } },
    field("Search", q), field("Stage", stage), field("Minimum score", minScore),
    h("button", { type: "submit" }, "Search"),
    h("button", { type: "button", onclick: () => download(`${base}.csv?${query()}`, "leads.csv").catch((x) => ctx.say(x.message, "error")) }, "Export CSV"));
  await reload();
  replace(main, h("h1", { tabindex: "-1" }, "Leads"), filters, board, more);
}

function card(lead, ctx, base, reload) {
  const next = h("select", { name: "stage" }, STAGES.map((s) => h("option", { value: s, selected: s === lead.stage }, s)));
  const reason = h("input", { type: "text", name: "reason", required: true, maxlength: 500 });
  const change = async (event) => {
    event.preventDefault();
    try {
      await ctx.api(`${base}/${encodeURIComponent(lead.id)}/stage`, { method: "POST", body: { stage: next.value, reason: reason.value.trim() } });
      ctx.say(`${lead.name || lead.phone} is now ${next.value}.`);
      await reload();
    } catch (error) {
      ctx.say(error.message, "error");
    }
  };
  return h("li", { class: "lead" },
    h("p", {}, h("strong", {}, lead.name || "(no name)"), " ", h("span", { class: "muted" }, lead.phone)),
    lead.interest ? h("p", { class: "small" }, lead.interest) : null,
    h("details", {}, h("summary", {}, `Score ${Math.round(lead.score)}`),
      h("ul", { class: "small" }, (lead.score_breakdown || []).map((item) => h("li", {}, `${item.factor}: ${item.points > 0 ? "+" : ""}${item.points}${item.detail ? ` (${item.detail})` : ""}`)))),
    lead.notes ? h("p", { class: "small notes" }, lead.notes) : null,
    h("details", {}, h("summary", {}, "Change stage"),
      h("form", { onsubmit: change }, field("Stage", next), field("Reason", reason), h("button", { type: "submit" }, "Save"))));
}
