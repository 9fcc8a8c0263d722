// Firebase Authentication: email + password, email link, and Google where the project enables it.
// Locally /__/firebase/init.json names the Auth emulator.
import { initializeApp } from "firebase/app";
import {
  GoogleAuthProvider, browserLocalPersistence, browserPopupRedirectResolver, connectAuthEmulator, initializeAuth,
  isSignInWithEmailLink, onAuthStateChanged, sendSignInLinkToEmail, signInWithEmailAndPassword,
  signInWithEmailLink, signInWithPopup, signOut,
} from "firebase/auth";

let auth;
export let emulated = false;

export async function startAuth(onUser) {
  const config = await (await fetch("/__/firebase/init.json")).json();
  const app = initializeApp(config);
  auth = initializeAuth(app, { persistence: browserLocalPersistence, popupRedirectResolver: browserPopupRedirectResolver });
  if (config.authEmulatorUrl) {
    emulated = true;
    connectAuthEmulator(auth, config.authEmulatorUrl, { disableWarnings: true });
  }
  if (isSignInWithEmailLink(auth, window.location.href)) {
    const email = window.localStorage.getItem("emailForSignIn");
    if (email) {
      await signInWithEmailLink(auth, email, window.location.href);
      window.localStorage.removeItem("emailForSignIn");
      window.history.replaceState(null, "", "/");
    }
  }
  onAuthStateChanged(auth, onUser);
}

export async function idToken() {
  if (!auth || !auth.currentUser) throw new Error("Not signed in");
  return auth.currentUser.getIdToken();
}

export const signInWithPassword = (email, password) => signInWithEmailAndPassword(auth, email, password);

export async function emailLink(email) {
  await sendSignInLinkToEmail(auth, email, { url: `${window.location.origin}/`, handleCodeInApp: true });
  window.localStorage.setItem("emailForSignIn", email);
}

export const signInWithGoogle = () => signInWithPopup(auth, new GoogleAuthProvider());
export const leave = () => signOut(auth);
export const currentEmail = () => (auth && auth.currentUser ? auth.currentUser.email : "");

export function authMessage(error) {
  const code = (error && error.code) || "";
  if (code.includes("invalid-credential") || code.includes("wrong-password") || code.includes("user-not-found")) {
    return "That email and password do not match an account.";
  }
  if (code.includes("too-many-requests")) return "Too many attempts; wait a minute and try again.";
  if (code.includes("operation-not-allowed")) return "This sign-in method is not enabled for this console.";
  return (error && error.message) || "Sign-in failed.";
}
