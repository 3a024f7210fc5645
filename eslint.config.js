// Lint rules of the project: typescript-eslint's recommended set, exhaustive switches, no
// import cycles, and imports that point down the layers:
// config/util → runtime → data → augment → models → train → experiments → demo → report, cli;
// and inside report: display → print → statistics → chapters.
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const LAYERS = ["util", "runtime", "data", "augment", "models", "train", "experiments", "demo", "report", "cli"];
// each layer may not import any layer above it
const zones = LAYERS.map((layer, i) => ({
  target: `./src/${layer}`,
  from: LAYERS.slice(i + 1).map((above) => `./src/${above}`),
  message: `imports point down: ${layer} sits below ${LAYERS.slice(i + 1).join(", ")}`,
})).filter((z) => z.from.length > 0);

// inside report/: the output forms (tables, charts, figures) → printing and rasterising, and the
// statistics behind the findings → the chapters that compose them
const REPORT_LAYERS = ["display", "print", "statistics", "chapters"];
const reportZones = REPORT_LAYERS.map((kind, i) => ({
  target: `./src/report/${kind}`,
  from: REPORT_LAYERS.slice(i + 1).map((above) => `./src/report/${above}`),
  message: `imports point down: report/${kind} sits below report/${REPORT_LAYERS.slice(i + 1).join(", report/")}`,
})).filter((z) => z.from.length > 0);

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "_site/",
      "_book/",
      "node_modules/",
      "output_dir/",
      "notebooks/",
      ".venv/",
      "data/",
      ".cache/",
      ".quarto/",
      "_freeze/",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { project: ["./tsconfig.check.json"], tsconfigRootDir: import.meta.dirname } },
    plugins: { "import-x": importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.check.json" })],
    },
    rules: {
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            ...zones,
            ...reportZones,
            {
              target: "./src/config.ts",
              from: "./src",
              except: ["./config.ts"],
              message: "config.ts is the bottom layer",
            },
          ],
        },
      ],
    },
  },
);
