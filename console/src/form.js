// Form editors shared by the settings and staff pages: lists of rows (add, remove, reorder) and
// errors shown beside the field the server names. Every field and row carries `data-path`, the
// path the server's Business model gives in a 422 ("services.2.duration_minutes"); an error goes
// to the field with the longest path that starts it, else to its row, else to its list.
import { h } from "./dom.js";

let ids = 0;
const nextId = () => `e${(ids += 1)}`;

export const commaList = (text) => String(text || "").split(",").map((s) => s.trim()).filter(Boolean);

export function rangesText(ranges) {
  return (ranges || []).map((r) => `${String(r.open).slice(0, 5)}-${String(r.close).slice(0, 5)}`).join(", ");
}

export function parseRanges(text) {
  return commaList(text).map((range) => {
    const [open, close] = range.split("-").map((s) => s.trim());
    return { open: open || "", close: close || "" };
  });
}

// A labelled input with its error box. `rel` is its path inside its row (or the form).
export function input(rel, label, control, hint) {
  const id = control.id || nextId();
  control.id = id;
  control.setAttribute("aria-describedby", `${id}-error${hint ? ` ${id}-hint` : ""}`);
  const isBox = control.type === "checkbox";
  return h("div", { class: `field${isBox ? " check" : ""}`, "data-rel": rel, "data-path": rel },
    isBox ? [control, h("label", { for: id }, label)] : [h("label", { for: id }, label), control],
    hint ? h("span", { class: "muted small", id: `${id}-hint` }, hint) : null,
    h("span", { class: "field-error", id: `${id}-error` }));
}

// A list of rows under `name` ("services"): each row is built by `build(item)`, which returns
// { body: [nodes], read(): the item, title(): its label for the buttons, wide?: one field a line }.
// A list inside a row (a staff member's time off) takes its path from the row: `name` is then
// relative to it and `level` its headings' level.
export function rowList({ name, legend, hint, items, build, blank, addLabel, level = 3 }) {
  const rows = h("ol", { class: "rows" });
  const box = h("p", { class: "field-error", id: nextId() });
  const list = h("fieldset", { class: "row-list", "data-rel": name, "data-path": name, "aria-describedby": box.id },
    h("legend", {}, legend), hint ? h("p", { class: "muted small" }, hint) : null, box, rows);
  const made = [];

  const renumber = () => {
    made.forEach((row, index) => {
      const path = `${list.dataset.path}.${index}`;
      row.el.dataset.path = path;
      row.heading.textContent = `${index + 1}. ${row.title() || "(new)"}`;
      row.el.querySelectorAll("[data-rel]").forEach((f) => {
        if (f.closest("li.row") === row.el) f.dataset.path = `${path}.${f.dataset.rel}`;
      });
      row.el.querySelectorAll(".row-list").forEach((inner) => inner.renumber());
      row.up.disabled = index === 0;
      row.down.disabled = index === made.length - 1;
      const label = row.title() || `row ${index + 1}`;
      row.up.setAttribute("aria-label", `Move ${label} up`);
      row.down.setAttribute("aria-label", `Move ${label} down`);
      row.remove.setAttribute("aria-label", `Remove ${label}`);
    });
  };
  const move = (row, by, focus) => {
    const from = made.indexOf(row);
    const to = from + by;
    if (to < 0 || to >= made.length) return;
    made.splice(from, 1);
    made.splice(to, 0, row);
    rows.replaceChildren(...made.map((r) => r.el));
    renumber();
    focus.focus();
  };
  const add = (item, focusFirst) => {
    const built = build(item);
    const row = { ...built, heading: h(`h${level}`, { class: "row-title" }) };
    const rowError = h("p", { class: "field-error row-error", id: nextId() });
    row.up = h("button", { type: "button", onclick: () => move(row, -1, row.up) }, "Up");
    row.down = h("button", { type: "button", onclick: () => move(row, 1, row.down) }, "Down");
    row.remove = h("button", { type: "button", class: "danger", onclick: () => {
      const at = made.indexOf(row);
      made.splice(at, 1);
      row.el.remove();
      renumber();
      (made[Math.min(at, made.length - 1)]?.remove || addButton).focus();
    } }, "Remove");
    row.el = h("li", { class: "row", "aria-describedby": rowError.id }, row.heading, rowError,
      h("div", { class: `row-fields${built.wide ? " wide" : ""}` }, built.body),
      h("div", { class: "row-actions" }, row.up, row.down, row.remove));
    row.el.addEventListener("input", (event) => { if (event.target.closest("li.row") === row.el) renumber(); });
    made.push(row);
    rows.append(row.el);
    renumber();
    if (focusFirst) row.el.querySelector("input, select, textarea").focus();
  };
  list.renumber = renumber;
  const addButton = h("button", { type: "button", onclick: () => add(blank(), true) }, addLabel);
  (items || []).forEach((item) => add(item, false));
  list.append(addButton);
  return { el: list, read: () => made.map((row) => row.read()) };
}

export function clearErrors(form) {
  form.querySelectorAll(".field-error").forEach((box) => { box.textContent = ""; });
  form.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
}

// Puts each error of a 422 ({path: message}) beside its field; returns the control to focus: the
// first one marked, in the order of the page.
export function showErrors(form, fields) {
  const targets = [...form.querySelectorAll("[data-path]")];
  for (const [path, message] of Object.entries(fields || {})) {
    const target = targets.filter((el) => path === el.dataset.path || path.startsWith(`${el.dataset.path}.`))
      .sort((a, b) => b.dataset.path.length - a.dataset.path.length)[0];
    if (!target) continue;
    const box = target.matches(".row") ? target.querySelector(".row-error")
      : target.matches("fieldset") ? target.querySelector(":scope > .field-error") : target.querySelector(".field-error");
    const rest = path.slice(target.dataset.path.length + 1);
    const text = rest ? `${rest}: ${message}` : message;
    box.textContent = box.textContent ? `${box.textContent}; ${text}` : text;
    target.classList.add("invalid");
    if (target.matches(".field")) target.querySelector("input, select, textarea").setAttribute("aria-invalid", "true");
  }
  const first = form.querySelector(".invalid");
  return first && first.querySelector("[aria-invalid], input, select, textarea, button");
}
