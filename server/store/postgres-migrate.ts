/**
 * The shared database's schema made or migrated once (migrations.ts): processes starting
 * together wait on an advisory lock for the first; one that finds the latest number recorded
 * changes nothing (re-running the row-level security statements would lock every table while a
 * sibling process serves from them). A database from before numbered migrations has no
 * county_data.migrations and runs them all.
 */
import type pg from 'pg';
import { latest, newerThan, THIS_VERSION } from './migrations.ts';
import { connect } from './postgres-connect.ts';
import { createAllSql, DIRECTORY_TABLE, MIGRATIONS_TABLE, securitySql, stepSql } from './postgres-schema.ts';

const LOCK = "hashtext('ledger schema')";

/** The highest migration recorded; 0 for a database without the table or any county tables. */
async function versionOf(client: pg.Client): Promise<number> {
  const made = await client.query("SELECT to_regclass('county_data.migrations') IS NOT NULL AS made");
  if (!made.rows[0].made) return 0;
  const { rows } = await client.query('SELECT COALESCE(MAX(version), 0) AS version FROM county_data.migrations');
  return Number(rows[0].version);
}

export async function migrate(url: string, plan = THIS_VERSION): Promise<void> {
  const client = await connect(url);
  try {
    await client.query(`SELECT pg_advisory_lock(${LOCK})`);
    try {
      const version = await versionOf(client);
      const refused = newerThan(plan, version, '数据库');
      if (refused) throw refused;
      if (version === latest(plan)) return;
      const empty = (await client.query("SELECT to_regclass('ledger_data.cells') IS NULL AS empty")).rows[0].empty;
      const pending = empty ? plan.migrations : plan.migrations.filter((m) => m.version > version);
      await client.query('BEGIN');
      const statements = empty
        ? createAllSql(plan.tables)
        : pending.flatMap((m) => m.steps.flatMap((step) => stepSql(step, plan, m.version)));
      for (const sql of [...statements, DIRECTORY_TABLE, MIGRATIONS_TABLE, securitySql(plan.tables)])
        await client.query(sql);
      const at = new Date().toISOString();
      for (const { version: number, about } of pending)
        await client.query('INSERT INTO county_data.migrations (version, about, applied_at) VALUES ($1, $2, $3)', [
          number,
          about,
          at,
        ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${LOCK})`);
    }
  } finally {
    await client.end();
  }
}
