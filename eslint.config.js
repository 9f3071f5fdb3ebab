// Type-aware lint: the promise rules catch an un-awaited async check inside an `if`.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const coldStartPaths = [
  { name: "date-fns", message: 'Import each function from its own path, e.g. "date-fns/format".' },
  { name: "date-fns/locale", message: 'Import the one locale, "date-fns/locale/id".' },
  { name: "googleapis", message: "Use the per-API packages (@googleapis/sheets, @googleapis/gmail)." },
];

// Folders point one way (README, "Layout"): functions/ -> sheets/ -> src/. Deployed code never
// imports the development tools (local/, cli/, bench/, test/, the Sheets emulator) nor a
// development package. A relative path is matched by the folder it reaches at the top.
const upTo = (folders) => `^(\\.\\./)+(${folders.join("|")})(/|$)`;
const devPackages = ["vitest", "playwright-core", "fast-check", "smtp-server", "mailparser", "tsx", "esbuild", "firebase-functions", "google-spreadsheet", "@firebase/rules-unit-testing", "firebase"];
const devTools = ["local", "cli", "bench", "test"];
const deployedRule = (forbidden, why) => [
  "error",
  {
    paths: [...coldStartPaths, ...devPackages.map((name) => ({ name, message: "A development package: deployed code does not import it." }))],
    patterns: [
      { regex: upTo([...forbidden, ...devTools]), message: why },
      { regex: "(^|/)emulator(/|$)", message: "The Sheets emulator is a development tool: deployed code does not import it." },
    ],
  },
];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "sheets/apps-script/", "bin/", "deploy/", "eslint.config.js", ".local/", "test-output/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Cold starts: each of these roots loads hundreds of modules (date-fns ~1.1 s, googleapis ~1.4 s).
      "no-restricted-imports": ["error", { paths: coldStartPaths }],
    },
  },
  {
    files: ["src/**/*.ts"],
    rules: { "no-restricted-imports": deployedRule(["functions", "sheets"], "src/ holds the domain: it imports nothing outside src/ (functions/ and sheets/ build on it).") },
  },
  {
    files: ["sheets/**/*.ts"],
    ignores: ["sheets/emulator/**"],
    rules: { "no-restricted-imports": deployedRule(["functions"], "sheets/ builds on src/ only; functions/ build on sheets/, never the other way.") },
  },
  {
    files: ["functions/**/*.ts"],
    rules: { "no-restricted-imports": deployedRule([], "functions/ are the deployed doors: they never import development tools.") },
  },
  {
    // The CLI is an operator's door like the functions: it reaches the sync engine through the
    // same public entry points (sheets/index.ts), never its inner modules.
    files: ["cli/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: coldStartPaths, patterns: [{ regex: "^(\\.\\./)+sheets/(?!index\\.js$)", message: "Use the sync engine's public entry points: ../sheets/index.js." }] }],
    },
  },
  {
    // The Sheets emulator is a tool of its own (it could be published as a package): nothing in
    // it may reach into labinov's code. What labinov adds (e.g. signing) comes in as options.
    files: ["sheets/emulator/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: coldStartPaths,
          patterns: [{ regex: "^\\.\\./", message: "The Sheets emulator imports nothing outside sheets/emulator/; take it as an option instead." }],
        },
      ],
    },
  },
);
