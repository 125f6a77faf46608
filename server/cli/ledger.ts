/** The `ledger` command line. */
import { parseArgs } from 'node:util';
import { countyToday, setCountyZone } from '../../core/zone.ts';
import { LedgerError } from '../errors.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from '../../core/registry.ts';
import { dataDir, openCounty } from '../cases/open-county.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { loadRegistry } from '../seeds.ts';
import { importCommand } from './import.ts';
import { tokenCommand } from './token.ts';
import { validateCommand } from './validate.ts';

export const HELP = `ledger — 整改台账命令行 / rectification-ledger command line

用法 Usage:
  ledger import <方案.txt|方案.docx> [-o <台账.xlsx>] [--into <数据目录> [--roster <名册.xlsx>] [--county <县名>] [--title <标题>]] [--today YYYY-MM-DD] [--json]
      读取整改方案，列出不规范之处；-o 生成台账工作簿，--into 在数据目录中建立一本新台账（服务启动后即可使用）。
      新县的数据目录没有名册时，用 --roster 给出本县名册表格（.xlsx 或 .csv）；不给则由方案中的单位组成名册，新名称逐个列出供核对。
      Import a plan (UTF-8/UTF-16/GB18030 text or .docx): -o writes the workbook, --into makes it a ledger in DATA_DIR.
      A new county's roster comes from --roster, else from the plan's own names (never another county's).
  ledger db init
      在 DATABASE_URL 指明的共用数据库中建立角色和表（第一个服务进程启动时也会做）。
      Make the roles and the schema in the shared database DATABASE_URL names.
  ledger county add <编号> --name <县名>
      在共用数据库中添加一个县；此后以 LEDGER_COUNTY=<编号> 启动它的服务。库中已有县时，写错的 LEDGER_COUNTY 启动时被拒绝。
      Add a county to the shared database; a mistyped LEDGER_COUNTY is then refused at start.
  ledger validate <台账.xlsx> [--today YYYY-MM-DD] [--json]
      校验台账工作簿。退出码：0 无错误，1 有错误，2 无法读取。
      Validate a ledger workbook. Exit 0 clean, 1 errors, 2 unreadable.
  ledger token <单位> [--revoke-others]
      为单位新增一个令牌（一台设备），打印登录链接，令牌单独打印在最后一行；加 --revoke-others 则旧令牌作废。使用 DATA_DIR。
      Issue a unit one more token (a device), with its sign-in link; --revoke-others revokes the older ones. Uses DATA_DIR.
  ledger backup <备份.zip> / ledger restore <备份.zip>
      备份 DATA_DIR 中的全部数据库和佐证材料（服务运行时也可备份）；恢复到空的 DATA_DIR。
      Back up every database of DATA_DIR and its evidence (safe while serving); restore into an empty DATA_DIR.
      设置 DATABASE_URL 和 LEDGER_COUNTY 时：备份或恢复共用数据库中的这个县（也可把 SQLite 的备份恢复进去）。
      With DATABASE_URL and LEDGER_COUNTY: that county of the shared PostgreSQL database (a SQLite backup restores into it too).
  ledger --help
      显示本帮助 / show this help.

选项 Options:
  --today      判定逾期和颜色的日期，默认今天 / judging date, default today
  --registry   单位名册 JSON；默认用本县（--into 或 DATA_DIR）的名册 / unit roster
  --title      --into 建立的台账标题，默认取方案的标题 / the new ledger's title
  --roster     新县的单位名册表格（.xlsx 或 .csv，名册模板的列）/ a new county's 单位名册 file
  --county     新县的县名，默认取方案标题中的县名 / a new county's name
  --name       ledger county add 的县名 / the county's name for ledger county add
  --json       输出 JSON / machine-readable output
`;

const parseOptions = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      output: { type: 'string', short: 'o' },
      today: { type: 'string' },
      registry: { type: 'string' },
      json: { type: 'boolean' },
      'revoke-others': { type: 'boolean' },
      into: { type: 'string' },
      title: { type: 'string' },
      roster: { type: 'string' },
      county: { type: 'string' },
      name: { type: 'string' },
    },
  });

export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    out(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, file, third] = positionals;
  if (values.help || !command) {
    out(HELP);
    return values.help ? 0 : 2;
  }
  try {
    if (process.env.LEDGER_TZ) setCountyZone(process.env.LEDGER_TZ);
  } catch (error) {
    out((error as Error).message);
    return 2;
  }
  const today = values.today ?? countyToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) {
    out(`--today 应为 YYYY-MM-DD 格式的日期，收到“${today}”。--today must be a YYYY-MM-DD date.`);
    return 2;
  }
  // A 单位名册 spreadsheet given as --registry is what --roster takes: read it as that.
  if (values.registry && /\.(xlsx|csv)$/i.test(values.registry)) {
    values.roster ??= values.registry;
    values.registry = undefined;
  }
  /** The roster names are checked against: --registry's, the county's, or the bundled one. */
  const rosterFor = async (): Promise<Registry> => {
    if (!values.registry) return (await countyRoster()) ?? loadRegistry();
    try {
      return loadRegistry(values.registry);
    } catch (error) {
      throw new LedgerError(
        'bad-request',
        `--registry 应为本项目的名册 JSON 文件（${values.registry}：${(error as Error).message}）。名册表格（.xlsx 或 .csv）请用 --roster。` +
          ' --registry takes a roster JSON file; give a .xlsx or .csv 单位名册 with --roster.',
      );
    }
  };
  const json = values.json ?? false;
  try {
    return await dispatch();
  } catch (error) {
    return failed(error, out);
  }

  function importWith(plan: string, registry: Registry): Promise<number> {
    return importCommand(
      {
        plan,
        output: values.output,
        into: values.into,
        title: values.title,
        roster: values.registry ? registry : undefined,
        rosterFile: values.roster,
        county: values.county,
        today,
        registry,
        json,
      },
      out,
    );
  }

  async function dispatch(): Promise<number> {
    switch (command) {
      case 'import':
        if (!file || (!values.output && !values.into)) {
          out(
            '用法：ledger import <方案> [-o <台账.xlsx>] [--into <数据目录>]  Usage: ledger import <plan> [-o <master.xlsx>] [--into <DATA_DIR>]',
          );
          return 2;
        }
        return importWith(file, await rosterFor());
      case 'backup':
      case 'restore':
        if (!file) {
          out(
            `用法：ledger ${command} <备份.zip>（使用 DATA_DIR）  Usage: ledger ${command} <backup.zip> (uses DATA_DIR)`,
          );
          return 2;
        }
        return command === 'backup' ? backupCommand(dataDir(), file, out) : restoreCommand(dataDir(), file, out);
      case 'validate':
        if (!file) {
          out('用法：ledger validate <台账.xlsx>  Usage: ledger validate <file.xlsx>');
          return 2;
        }
        return validateCommand({ file, today, registry: await rosterFor(), json }, out);
      case 'token':
        if (!file) {
          out('用法：ledger token <单位>  Usage: ledger token <unit>');
          return 2;
        }
        return tokenCommand(
          file,
          {
            revokeOthers: values['revoke-others'] ?? false,
            publicUrl: process.env.PUBLIC_URL ?? 'https://localhost:3000',
          },
          out,
        );
      case 'db':
        if (file !== 'init') {
          out('用法：ledger db init（使用 DATABASE_URL）  Usage: ledger db init (uses DATABASE_URL)');
          return 2;
        }
        return (await import('./database.ts')).dbInitCommand(out);
      case 'county':
        if (file !== 'add' || !third) {
          out(
            '用法：ledger county add <编号> --name <县名>（使用 DATABASE_URL）  Usage: ledger county add <id> --name <name>',
          );
          return 2;
        }
        return (await import('./database.ts')).countyAddCommand(third, values.name ?? '', out);
      default:
        out(`未知命令“${command}”。Unknown command "${command}".\n\n${HELP}`);
        return 2;
    }
  }
}

/** The roster of the county in DATA_DIR, when there is one there. */
async function countyRoster(): Promise<Registry | undefined> {
  if (!process.env.DATABASE_URL && !existsSync(join(dataDir(), 'county.sqlite'))) return undefined;
  const { county } = await openCounty(dataDir(), { seed: false });
  try {
    return county.registry.data.units.length > 0 ? county.registry : undefined;
  } finally {
    await county.close();
  }
}

/** What the user can fix is said in words and exits 2; anything else is a bug and keeps its stack. */
function failed(error: unknown, out: (line: string) => void): number {
  if (error instanceof LedgerError) {
    out(error.message);
    return 2;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
    out(`无法打开文件：${(error as NodeJS.ErrnoException).path ?? ''}（${code}）。Cannot open the file.`);
    return 2;
  }
  throw error;
}
