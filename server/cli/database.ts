/**
 * A province's database, as its IT runs it: `ledger db init` makes the roles and the schema (what
 * the first service process would do), `ledger county add <id> --name <县名>` lists a new county so
 * that its processes start (a mistyped LEDGER_COUNTY is refused at start with the list).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCounty } from '../cases/open-county.ts';
import { LedgerError } from '../errors.ts';
import { migrate } from '../store/postgres-migrate.ts';
import { addCounty, listedCounties, PgStorage } from '../store/postgres-storage.ts';
import { ROLES } from '../store/postgres-schema.ts';

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new LedgerError(
      'bad-request',
      '请用 DATABASE_URL 指明共用的数据库。Set DATABASE_URL to the shared database.',
    );
  return url;
}

const listed = (counties: { id: string; name: string }[]) =>
  counties.length ? counties.map((c) => (c.name ? `${c.id}（${c.name}）` : c.id)).join('、') : '（还没有）';

export async function dbInitCommand(out: (line: string) => void): Promise<number> {
  const url = databaseUrl();
  await migrate(url);
  out(
    `数据库已就绪：角色 ${ROLES.app}（读写）、${ROLES.reader}（只读），模式 county_data、ledger_data，行级安全已启用。` +
      'The roles and the schema are in place.',
  );
  out(`库中的县 counties: ${listed(await listedCounties(url))}`);
  return 0;
}

export async function countyAddCommand(id: string, name: string, out: (line: string) => void): Promise<number> {
  const url = databaseUrl();
  const added = await addCounty(url, id, name.trim());
  if (!added) {
    out(`县“${id}”已在数据库中。The county is already in this database.`);
    return 2;
  }
  if (name.trim()) {
    // Its name goes into its roster, as its first plan's heading would put it there.
    const scratch = mkdtempSync(join(tmpdir(), 'ledger-county-add-'));
    const { county } = await openCounty(scratch, { seed: false, storage: await PgStorage.connect(url, id) });
    try {
      await county.nameIfUnnamed(name.trim(), { kind: 'office', person: '命令行' });
    } finally {
      await county.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  out(
    `已添加县 ${id}${name.trim() ? `（${name.trim()}）` : ''}：以 LEDGER_COUNTY=${id} 启动它的服务。County added; start its service with LEDGER_COUNTY=${id}.`,
  );
  out(`库中的县 counties: ${listed(await listedCounties(url))}`);
  return 0;
}
