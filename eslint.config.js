// One lint for the whole tree: type-aware promise rules, no import cycles, and the domain
// boundary (docs/architecture.md): domain folders never import a vendor SDK or the ORM.
import tseslint from "typescript-eslint";
import importX, { createNodeResolver } from "eslint-plugin-import-x";

/** Folders of pure domain code; add new ones here. */
const DOMAIN = ["consent", "conversations", "outbox", "inbox", "routing", "records"];
const VENDORS = ["hono", "hono/*", "@hono/*", "@slack/*", "telnyx", "telnyx/*", "@prisma/*", "pg", "@electric-sql/*"];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "data/", "src/db/generated/", "bench/results/", "test-results/"] },
  {
    files: ["**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin, "import-x": importX },
    settings: {
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js"] })],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/extensions": [".ts", ".js"],
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    files: DOMAIN.map((d) => `src/${d}/**/*.ts`),
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: VENDORS,
              message: "Domain code imports no vendor SDK or ORM; put it behind a port in an adapter.",
            },
            {
              group: ["**/db/**", "**/http/**", "**/slack/**", "**/sms/**", "**/services/**"],
              message: "Domain code depends on nothing outside the domain.",
            },
          ],
        },
      ],
    },
  },
);
