// `npm run emulator:sheets -- --port 8085 [--persist .local/sheets.json]
//   [--webhook-url URL [--webhook-header "Name: value"]...] [--quota]`: runs the emulator until Ctrl-C.
import { parseArgs } from "node:util";
import { startSheetsEmulator } from "./index.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8085" },
    host: { type: "string", default: "127.0.0.1" },
    persist: { type: "string" },
    "webhook-url": { type: "string" },
    "webhook-header": { type: "string", multiple: true },
    quota: { type: "boolean", default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}
// Fixed headers (e.g. a shared token) are the only signing a standalone run offers; a
// receiver with its own scheme starts the emulator in-process with editWebhook.sign.
const webhookHeaders: Record<string, string> = {};
for (const line of values["webhook-header"] ?? []) {
  const at = line.indexOf(":");
  if (at < 1) {
    console.error(`--webhook-header must look like "Name: value", got "${line}"`);
    process.exit(2);
  }
  webhookHeaders[line.slice(0, at).trim()] = line.slice(at + 1).trim();
}

const emulator = await startSheetsEmulator({
  port,
  host: values.host,
  persistPath: values.persist,
  editWebhook: values["webhook-url"] ? { url: values["webhook-url"], sign: () => webhookHeaders } : undefined,
});
if (values.quota) emulator.quota.enable();
console.log(`Sheets API emulator listening on ${emulator.url} (pages at ${emulator.url}/view, control at ${emulator.url}/__emulator/)`);

const shutdown = (): void => {
  void emulator.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
