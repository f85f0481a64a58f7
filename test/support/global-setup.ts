import { writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { preparedPgliteImage } from "../../src/db/database.ts";
import { createTemplate, dropDatabases, onPostgres } from "./postgres-databases.ts";

/**
 * Migrates one empty PGlite database once; every test clones it instead of migrating again.
 * With TEST_DATABASE=postgres, one template database on the server instead.
 */
export default async function setup(project: TestProject) {
  if (onPostgres) {
    const template = await createTemplate();
    project.provide("postgresTemplate", template);
    project.provide("pgliteImage", "");
    return async () => dropDatabases([template]);
  }
  const path = join(tmpdir(), `textdesk-test-image-${process.pid}.tar`);
  const image = await preparedPgliteImage();
  await writeFile(path, Buffer.from(await image.arrayBuffer()));
  project.provide("pgliteImage", path);
  return async () => rm(path, { force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteImage: string;
    /** TEST_DATABASE=postgres: the migrated template each test file copies its database from. */
    postgresTemplate?: string;
  }
}
