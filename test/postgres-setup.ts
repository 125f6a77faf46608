/** vitest's global setup for the integration project: one PostgreSQL server for every test file. */
import type { TestProject } from 'vitest/node';
import { startCluster } from './helpers/postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server tests make their databases on: TEST_DATABASE_URL, or a cluster started for the run. */
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return project.provide('databaseUrl', given);
  const cluster = await startCluster();
  project.provide('databaseUrl', cluster.url);
  return () => cluster.stop();
}
