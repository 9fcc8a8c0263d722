// Firebase Authentication: email + password, email link, and Google where the console's settings
// offer it. Locally /__/firebase/init.json names the Auth emulator.
import { initializeApp } from "firebase/app";
import {
  GoogleAuthProvider, browserLocalPersistence, connectAuthEmulator, initializeAuth,
  isSignInWithEmailLink, onAuthStateChanged, sendSignInLinkToEmail, signInWithCredential, signInWithEmailAndPassword,
  signInWithEmailLink, signOut,
} from "firebase/auth";

let auth;
const LINK_EMAIL = "emailForSignIn";
const GOOGLE_ASKED = "googleSignIn";

// Asked for at once (index.html preloads init.json beside the script); the sign-in page's options
// only when it is shown.
export async function startAuth(onUser) {
  const config = await (await fetch("/__/firebase/init.json")).json();
  const app = initializeApp(config);
  auth = initializeAuth(app, { persistence: browserLocalPersistence });
  if (config.authEmulatorUrl) connectAuthEmulator(auth, config.authEmulatorUrl, { disableWarnings: true });
  onAuthStateChanged(auth, onUser);
}

export async function signInOptions() {
  const response = await fetch("/api/config");
  return response.ok ? response.json() : { google_sign_in: false };
}

export async function idToken() {
  if (!auth || !auth.currentUser) throw new Error("Not signed in");
  return auth.currentUser.getIdToken();
}

export const signInWithPassword = (email, password) => signInWithEmailAndPassword(auth, email, password);

export async function emailLink(email) {
  await sendSignInLinkToEmail(auth, email, { url: `${window.location.origin}/`, handleCodeInApp: true });
  window.localStorage.setItem(LINK_EMAIL, email);
}

// An email sign-in link opened: the address it was sent to (remembered by this browser, or null
// when the link is opened elsewhere: then the person types it), or undefined for no link.
export function pendingLink() {
  if (!isSignInWithEmailLink(auth, window.location.href)) return undefined;
  return window.localStorage.getItem(LINK_EMAIL);
}

export async function finishLink(email) {
  const link = window.location.href;
  window.history.replaceState(null, "", "/");   // before signing in: the sign-in itself calls back
  try {
    await signInWithEmailLink(auth, email, link);
  } catch (failure) {
    if (failure && failure.code && failure.code.includes("invalid-email")) window.history.replaceState(null, "", link);
    throw failure;
  }
  window.localStorage.removeItem(LINK_EMAIL);
}

// Google: not the SDK's pop-up (it loads Google's gapi script, which the CSP refuses), but Google's
// OpenID Connect endpoint asked for an ID token, sent back to this page in the URL fragment.
function random() {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, (c) => ({ "+": "-", "/": "_", "=": "" })[c]);
}

export function signInWithGoogle(google) {
  const asked = { state: random(), nonce: random() };
  window.sessionStorage.setItem(GOOGLE_ASKED, JSON.stringify(asked));
  const query = new URLSearchParams({
    client_id: google.client_id, redirect_uri: `${window.location.origin}/`, response_type: "id_token",
    scope: "openid email profile", prompt: "select_account", ...asked,
  });
  window.location.assign(`${google.auth_uri}?${query}`);
}

// Google's answer in the URL fragment, or undefined when there is none.
export function pendingGoogle() {
  const answer = new URLSearchParams(window.location.hash.slice(1));
  return answer.has("state") && (answer.has("id_token") || answer.has("error")) ? answer : undefined;
}

function refused(code) {
  return Object.assign(new Error(code), { code });
}

function claims(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload));
  } catch {
    return {};
  }
}

export async function finishGoogle(answer) {
  window.history.replaceState(null, "", "/");   // the token leaves the address bar and the history
  const asked = JSON.parse(window.sessionStorage.getItem(GOOGLE_ASKED) || "null");
  window.sessionStorage.removeItem(GOOGLE_ASKED);
  if (!asked || answer.get("state") !== asked.state) throw refused("voicehive/google-state-mismatch");
  if (answer.has("error")) throw refused(`voicehive/google-${answer.get("error")}`);
  const token = answer.get("id_token");
  if (claims(token).nonce !== asked.nonce) throw refused("voicehive/google-nonce-mismatch");
  await signInWithCredential(auth, GoogleAuthProvider.credential(token));
}

export const leave = () => signOut(auth);
export const currentEmail = () => (auth && auth.currentUser ? auth.currentUser.email : "");

export function authMessage(error) {
  const code = (error && error.code) || "";
  if (code.includes("invalid-credential") || code.includes("wrong-password") || code.includes("user-not-found")) {
    return "That email and password do not match an account.";
  }
  if (code.includes("invalid-action-code") || code.includes("expired-action-code")) {
    return "That sign-in link was used already or has expired: ask for a new one.";
  }
  if (code.includes("invalid-email")) return "That link was sent to another address: enter the one it was sent to.";
  if (code.includes("google-state-mismatch") || code.includes("google-nonce-mismatch")) {
    return "Google's answer does not match the sign-in this browser asked for, so it was refused: try again.";
  }
  if (code.includes("google-access_denied")) return "Google sign-in was cancelled.";
  if (code.includes("voicehive/google-")) return `Google refused the sign-in (${code.slice("voicehive/google-".length)}).`;
  if (code.includes("too-many-requests")) return "Too many attempts; wait a minute and try again.";
  if (code.includes("operation-not-allowed")) return "This sign-in method is not enabled for this console.";
  return (error && error.message) || "Sign-in failed.";
}
