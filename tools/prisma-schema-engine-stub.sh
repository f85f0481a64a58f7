#!/bin/sh
# Prisma's CLI insists on a schema-engine binary before `generate`, and the real one
# cannot be downloaded here. `generate` never runs it; anything else needs the real engine.
if [ "$1" = "--version" ]; then echo "schema-engine-stub 0.0.0"; exit 0; fi
echo "textdesk: the Prisma schema engine is not installed (offline). Migrations are applied at start-up by src/db/migrate.ts; see docs/database.md." >&2
exit 1
