// `npm run labinov -- ...`: the same command, run from the sources.
import { main } from "./main.js";

await main(process.argv);
