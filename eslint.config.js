// Type-aware lint: the promise rules catch an un-awaited async check inside an `if`.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const coldStartPaths = [
  { name: "date-fns", message: 'Import each function from its own path, e.g. "date-fns/format".' },
  { name: "date-fns/locale", message: 'Import the one locale, "date-fns/locale/id".' },
  { name: "googleapis", message: "Use the per-API packages (@googleapis/sheets, @googleapis/gmail)." },
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
