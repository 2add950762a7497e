// Vitest's global setup for the server's suite: one real PostgreSQL server for the whole run
// (scripts/postgres-cluster.mjs), its URL provided to the tests, stopped at the end. The suite runs
// on PGlite too, which needs nothing started.
import type { TestProject } from 'vitest/node';
// @ts-expect-error: a plain ESM helper shared with the bench
import { startPostgresCluster } from '../../../../scripts/postgres-cluster.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
