// Builds DOM nodes. Text is always set as text, never parsed as HTML: whatever a caller said
// (`<script>`, `=HYPERLINK(...)`) shows as the characters they said.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "class") el.className = value;
    else if (key === "value") el.value = value;
    else if (key === "checked") el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function formatTime(iso, withDay = true) {
  // The API gives the business's local time with its offset: show that clock time, wherever the
  // browser is.
  if (!iso) return "";
  const local = new Date(`${iso.slice(0, 19)}Z`);
  const options = withDay ? { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }
    : { hour: "2-digit", minute: "2-digit", timeZone: "UTC" };
  return local.toLocaleString(undefined, options);
}

export function localPart(iso) {
  // "2026-12-07T10:30:00-05:00" -> "10:30", the business's own clock time.
  return iso ? iso.slice(11, 16) : "";
}

export function field(label, input, error) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const message = h("span", { class: "field-error", id: `${id}-error` }, error || "");
  input.setAttribute("aria-describedby", `${id}-error`);
  return h("div", { class: "field" }, h("label", { for: id }, label), input, message);
}
