// `npm run emulator:sheets -- --port 8085 [--persist .local/sheets.json]
//   [--webhook-url URL --webhook-secret SECRET] [--quota]`: runs the emulator until Ctrl-C.
import { parseArgs } from "node:util";
import { startSheetsEmulator } from "./index.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8085" },
    host: { type: "string", default: "127.0.0.1" },
    persist: { type: "string" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string" },
    quota: { type: "boolean", default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}
if (Boolean(values["webhook-url"]) !== Boolean(values["webhook-secret"])) {
  console.error("--webhook-url and --webhook-secret go together");
  process.exit(2);
}

const emulator = await startSheetsEmulator({
  port,
  host: values.host,
  persistPath: values.persist,
  editWebhook: values["webhook-url"] ? { url: values["webhook-url"], secret: values["webhook-secret"]! } : undefined,
});
if (values.quota) emulator.quota.enable();
console.log(`Sheets API emulator listening on ${emulator.url} (pages at ${emulator.url}/view, control at ${emulator.url}/__emulator/)`);

const shutdown = (): void => {
  void emulator.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
