// The Firebase Auth emulator of firebase-tools (console/node_modules), started on its own:
// `firebase emulators:start --only auth` does the same after ~10 s of CLI start-up, and also
// takes the hub and logging ports. Usage: node auth_emulator.js PROJECT HOST PORT
const path = require("path");
const root = path.resolve(__dirname, "..", "..", "console", "node_modules", "firebase-tools", "lib", "emulator", "auth");
const { createApp } = require(path.join(root, "server.js"));

async function main() {
  const [project, host, port] = process.argv.slice(2);
  const app = await createApp(project);
  const server = app.listen(Number(port), host, () => console.log(`auth emulator on ${host}:${port}`));
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error) => { console.error(error); process.exit(1); });
