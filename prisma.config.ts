import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

// `prisma generate` needs a schema-engine path but never executes it; the stub keeps
// the CLI from trying to download one (see docs/database.md).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL("./tools/prisma-schema-engine-stub.sh", import.meta.url),
);

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
