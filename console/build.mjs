// Builds the console into dist/: one JS bundle and one CSS file, named by content hash, and
// index.html pointing at them. Everything comes from npm packages; nothing loads from a CDN.
import { build } from "esbuild";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(here, "dist");
await rm(dist, { recursive: true, force: true });
await mkdir(path.join(dist, "assets"), { recursive: true });

const result = await build({
  entryPoints: { app: path.join(here, "src", "main.js"), style: path.join(here, "src", "style.css") },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  outdir: path.join(dist, "assets"),
  entryNames: "[name]-[hash]",
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
});

const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
const script = outputs.find((name) => name.startsWith("app-") && name.endsWith(".js"));
const style = outputs.find((name) => name.startsWith("style-") && name.endsWith(".css"));
const template = await readFile(path.join(here, "src", "index.html"), "utf8");
await writeFile(path.join(dist, "index.html"),
  template.replace("%SCRIPT%", `/assets/${script}`).replace("%STYLE%", `/assets/${style}`));
console.log(`built console: ${script}, ${style}`);
