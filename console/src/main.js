// The console shell: sign-in, the business and page navigation, and the page router.
import { ApiError, api } from "./api.js";
import {
  authMessage, currentEmail, emailLink, finishGoogle, finishLink, leave, pendingGoogle, pendingLink, signInOptions,
  signInWithGoogle, signInWithPassword, startAuth,
} from "./auth.js";
import { field, h, replace } from "./dom.js";
import { PAGES } from "./pages/index.js";

const root = document.getElementById("app");
const statusBox = document.getElementById("status");
let me = null;
let stopPage = () => {};

export function say(text, kind = "info") {
  statusBox.className = `status ${kind}`;
  replace(statusBox, text);
}

export function navigate(url) {
  window.history.pushState(null, "", url);
  route();
}

document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-nav]");
  if (link && !event.metaKey && !event.ctrlKey && event.button === 0) {
    event.preventDefault();
    navigate(link.getAttribute("href"));
  }
});
window.addEventListener("popstate", () => route());

function signInPage(error = "") {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password" });
  const message = h("p", { class: "form-error", role: "alert" }, error);
  const submit = async (event) => {
    event.preventDefault();
    try {
      await signInWithPassword(email.value.trim(), password.value);
    } catch (failure) {
      replace(message, authMessage(failure));
    }
  };
  const sendLink = async () => {
    if (!email.value.trim()) return replace(message, "Enter your email first.");
    try {
      await emailLink(email.value.trim());
      replace(message, "Check your inbox: we sent you a sign-in link.");
    } catch (failure) {
      replace(message, authMessage(failure));
    }
  };
  const others = h("div", { class: "other-signin" });
  signInOptions().then((options) => {
    if (!options.google_sign_in) return;
    replace(others, h("button", { type: "button", onclick: () => signInWithGoogle(options.google) }, "Sign in with Google"));
  }).catch(() => {});
  return h("main", { class: "signin", id: "main" },
    h("h1", {}, "VoiceHive console"),
    h("p", {}, "Sign in to see your calls, bookings and leads."),
    h("form", { onsubmit: submit, "aria-label": "Sign in" },
      field("Email", email), field("Password", password),
      h("button", { type: "submit", class: "primary" }, "Sign in"),
      h("button", { type: "button", onclick: sendLink }, "Email me a sign-in link"),
      others,
      message));
}

// An email link opened in a browser that did not ask for it: the person confirms the address.
function confirmLinkPage(error = "") {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const message = h("p", { class: "form-error", role: "alert" }, error);
  const submit = async (event) => {
    event.preventDefault();
    try {
      await finishLink(email.value.trim());
    } catch (failure) {
      replace(message, authMessage(failure));
    }
  };
  return h("main", { class: "signin", id: "main" },
    h("h1", {}, "Finish signing in"),
    h("p", {}, "Enter the email address the sign-in link was sent to."),
    h("form", { onsubmit: submit, "aria-label": "Finish signing in" },
      field("Email", email), h("button", { type: "submit", class: "primary" }, "Sign in"), message));
}

function shell(business, page, content) {
  const nav = h("nav", { "aria-label": "Pages" }, h("ul", {},
    Object.entries(PAGES).filter(([, p]) => !p.ownerOnly || business.role === "owner").map(([name, p]) =>
      h("li", {}, h("a", { href: `/b/${business.id}/${name}`, "data-nav": true,
        "aria-current": name === page ? "page" : null }, p.title)))));
  const picker = me.businesses.length > 1
    ? h("label", { class: "picker" }, "Business ",
      h("select", { onchange: (e) => navigate(`/b/${e.target.value}/${page}`) },
        me.businesses.map((b) => h("option", { value: b.id, selected: b.id === business.id }, b.name))))
    : null;
  return [
    h("a", { href: "#main", class: "skip" }, "Skip to content"),
    h("header", { class: "top" },
      h("span", { class: "brand" }, business.name),
      picker,
      h("span", { class: "who" }, `${currentEmail()} (${business.role})`),
      h("button", { type: "button", onclick: () => leave() }, "Sign out")),
    nav,
    content,
  ];
}

function denied(text) {
  return h("main", { id: "main" }, h("h1", { tabindex: "-1" }, "No access"), h("p", {}, text),
    h("p", {}, h("a", { href: "/", "data-nav": true }, "Back to your businesses")));
}

async function route() {
  stopPage();
  stopPage = () => {};
  if (!me) return;
  const parts = window.location.pathname.split("/").filter(Boolean);
  if (parts[0] !== "b" || !parts[1]) {
    if (!me.businesses.length) {
      replace(root, h("main", { id: "main" }, h("h1", { tabindex: "-1" }, "No access"),
        h("p", {}, `You are signed in as ${currentEmail() || "a user without an email address"}, which is not a member `
          + "of any business on this console."),
        h("p", {}, "Ask the business's owner to invite this address, then sign in again."),
        h("button", { type: "button", onclick: () => leave() }, "Sign out")));
      return;
    }
    navigate(`/b/${me.businesses[0].id}/today`);
    return;
  }
  const [, businessId, page = "today", ...rest] = parts;
  const business = me.businesses.find((b) => b.id === businessId);
  const spec = PAGES[page];
  if (!business) {
    replace(root, denied("You are not a member of this business (403)."));
    return;
  }
  if (!spec) {
    replace(root, denied("There is no such page."));
    return;
  }
  if (spec.ownerOnly && business.role !== "owner") {
    replace(root, ...shell(business, page, denied("Only the owner can open this page (403).")));
    return;
  }
  const main = h("main", { id: "main" }, h("h1", { tabindex: "-1" }, spec.title), h("p", {}, "Loading…"));
  replace(root, ...shell(business, page, main));
  document.title = `${spec.title} · ${business.name}`;
  const timers = [];
  stopPage = () => timers.forEach((t) => clearInterval(t));
  try {
    await spec.render(main, { business, rest, api, say, navigate, every: (ms, fn) => timers.push(setInterval(fn, ms)) });
  } catch (error) {
    const status = error instanceof ApiError ? error.status : 0;
    replace(main, h("h1", { tabindex: "-1" }, status === 403 ? "No access" : spec.title),
      h("p", { class: "form-error" }, status === 403 ? `${error.message} (403)` : error.message));
  }
  const heading = main.querySelector("h1");
  // To the page's heading, unless the person is already at work in the page (it rendered first).
  if (heading && !main.contains(document.activeElement)) heading.focus({ preventScroll: true });
}

startAuth(async (user) => {
  const google = pendingGoogle();
  if (google) {   // back from Google's sign-in: check its answer, then sign in with its ID token
    try {
      await finishGoogle(google);
      return;
    } catch (failure) {
      me = null;
      replace(root, signInPage(authMessage(failure)));
      return;
    }
  }
  const linkEmail = pendingLink();
  if (linkEmail !== undefined) {   // an email sign-in link was opened: finish it (the user changes then)
    if (linkEmail === null) {
      replace(root, confirmLinkPage());
      return;
    }
    try {
      await finishLink(linkEmail);
      return;
    } catch (failure) {
      if (!user) {
        replace(root, signInPage(authMessage(failure)));
        return;
      }
    }
  }
  if (!user) {
    me = null;
    replace(root, signInPage());
    return;
  }
  try {
    me = await api("/me");
  } catch (error) {
    me = null;
    replace(root, signInPage(error.message));
    return;
  }
  route();
}).catch((error) => replace(root, signInPage(String(error.message || error))));
