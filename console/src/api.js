// The console API behind /api (Firebase Hosting rewrites it to the console_api function). Every
// request carries the signed-in user's Firebase ID token.
import { idToken } from "./auth.js";

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `Request failed (${status})`);
    this.status = status;
    this.fields = (body && body.fields) || {};
    this.code = body && body.code;
  }
}

export async function api(path, { method = "GET", body } = {}) {
  const headers = { Authorization: `Bearer ${await idToken()}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, data && data.error);
  return data;
}

export async function download(path, filename) {
  const response = await fetch(`/api${path}`, { headers: { Authorization: `Bearer ${await idToken()}` } });
  if (!response.ok) throw new ApiError(response.status, null);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
