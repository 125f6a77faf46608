/**
 * Connections to the shared PostgreSQL database: a pool for the service, a single client for the
 * commands and the schema, and rows parsed as SQLite answers them.
 */
import pg from 'pg';
import { LedgerError } from '../errors.ts';

/** Numbers as numbers (COUNT is a bigint), JSON as the text it was written as, as SQLite answers. */
export const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20) return (value: string) => Number(value);
    if (oid === 114) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** Connections to the database; each transaction takes its role itself (postgres-db.ts). */
export function openPool(url: string, max = 10): pg.Pool {
  // A server that does not answer is a 503 after a few seconds, not a request that hangs.
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 5000 });
  // An idle connection the server dropped is replaced on the next query; it must not end the process.
  pool.on('error', (error) =>
    console.error(
      `数据库连接中断，已丢弃该连接：${error.message}。An idle database connection failed and was dropped.`,
    ),
  );
  return pool;
}

/**
 * A connection to the database as the URL's user, or a reason a technician can act on: the
 * address that did not answer, or the password scheme node-postgres does not speak.
 */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types });
  try {
    await client.connect();
    return client;
  } catch (error) {
    const why = (error as Error).message;
    const hint = /SASL|sha256|authentication method/i.test(why)
      ? '（openGauss 等默认的 sha256 口令方式 node-postgres 不支持：请在服务器上改用 md5，见 README）'
      : '';
    throw new LedgerError(
      'store-unavailable',
      `无法连接数据库（DATABASE_URL）：${why}${hint}。Cannot connect to the database in DATABASE_URL: ${why}.`,
    );
  }
}
