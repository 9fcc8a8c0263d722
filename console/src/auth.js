// Firebase Authentication: email + password, email link, and Google where the console's settings
// offer it. Locally /__/firebase/init.json names the Auth emulator.
import { initializeApp } from "firebase/app";
import {
  GoogleAuthProvider, browserLocalPersistence, browserPopupRedirectResolver, connectAuthEmulator, initializeAuth,
  isSignInWithEmailLink, onAuthStateChanged, sendSignInLinkToEmail, signInWithEmailAndPassword,
  signInWithEmailLink, signInWithPopup, signOut,
} from "firebase/auth";

let auth;
const LINK_EMAIL = "emailForSignIn";

// Asked for at once (index.html preloads init.json beside the script); the sign-in page's options
// only when it is shown.
export async function startAuth(onUser) {
  const config = await (await fetch("/__/firebase/init.json")).json();
  const app = initializeApp(config);
  auth = initializeAuth(app, { persistence: browserLocalPersistence, popupRedirectResolver: browserPopupRedirectResolver });
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

export const signInWithGoogle = () => signInWithPopup(auth, new GoogleAuthProvider());
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
  if (code.includes("popup-closed-by-user") || code.includes("cancelled-popup-request")) return "Google sign-in was cancelled.";
  if (code.includes("popup-blocked")) return "The browser blocked Google's sign-in window: allow pop-ups for this site.";
  if (code.includes("too-many-requests")) return "Too many attempts; wait a minute and try again.";
  if (code.includes("operation-not-allowed")) return "This sign-in method is not enabled for this console.";
  return (error && error.message) || "Sign-in failed.";
}
