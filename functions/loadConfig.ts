// Parses the configuration as the instance loads, not on its first request: a bad variable
// stops the instance before it serves anything, with every problem in the log (Cloud Run keeps
// the previous revision serving); a request never sees configuration text. Imported first by
// functions/index.ts and by each function's deploy bundle (deploy/bundle.mjs).
import { config, ConfigError } from "../src/config.js";
import { log } from "../src/log.js";

try {
  config();
} catch (error) {
  if (error instanceof ConfigError) log.error("konfigurasi tidak valid; fungsi tidak dijalankan", { problems: error.problems });
  throw error;
}
