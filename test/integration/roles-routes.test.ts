/**
 * Every route against every role, per ledger: nobody, a wrong token, a revoked one, a unit on
 * the ledger, a unit not on it, and the office. The list is checked against the OpenAPI
 * description, so that a new route cannot be left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../server/clock.ts';
import ExcelJS from 'exceljs';
import { createApp } from '../../server/http/app.ts';
import { SignInLimiter } from '../../server/http/auth.ts';
import { countyRoutes, ledgerRoutes, type Role, type Setting } from '../helpers/route-cases.ts';
import { OFFICE_TOKEN, testService } from '../helpers/service.ts';

const s = await testService();
// Wrong and revoked tokens are tried many times here: a limiter that does not stop the test.
const app = createApp({
  county: s.county,
  pool: s.pool,
  today: () => '2019-08-01',
  limiter: new SignInLimiter(100_000),
});
let second = '';
let waterRevoked = '';
let town = 0;
const tokens = { unit: '', other: '' };

const SECOND_PLAN = `附件
第二本整改任务清单
1.水库周边违规养殖。
整改目标：清理到位。
整改措施：（1）排查；（2）清理。
责任领导：王冲
牵头单位：县水利局
责任单位：县水利局
责 任 人：主要负责人
整改时限：2019年12月底前`;

beforeAll(async () => {
  const ledger = await s.county.createLedger(
    { title: '第二本', tasks: (await import('../../core/plan.ts')).parsePlan(SECOND_PLAN).tasks, source: 'test' },
    { kind: 'import' },
  );
  second = ledger.ledgerId;
  const revoked = await s.county.issueUnitAccess('县水利局', { kind: 'office' });
  await s.county.revokeAccess(revoked.id, { kind: 'office' });
  waterRevoked = revoked.token;
  tokens.unit = await s.tokenOf('县水利局');
  tokens.other = await s.tokenOf('城关镇');
  town = (await s.ledger.taskRefs()).find(
    (t) => [...t.leadUnits, ...t.units].includes('城关镇') && ![...t.leadUnits, ...t.units].includes('县水利局'),
  )!.no;
  await s.asOffice(
    '/api/submissions',
    s.json({ baseRevision: 1, rows: [{ no: 7, unit: '县水利局', progress: '办公室' }] }),
  );
  await s.asUnit('县水利局', '/api/submissions', s.json({ baseRevision: 1, rows: [{ no: 7, progress: '单位' }] }));
});

afterAll(() => {
  clock.now = () => new Date();
});

const ROLES: Role[] = ['none', 'wrong', 'revoked', 'unit', 'other-unit', 'office'];

/** The token of each role: 县水利局 is on both ledgers, 城关镇 only on the first. */
const tokenOf = (role: Role) =>
  ({
    none: undefined,
    wrong: 'no-such-token-at-all',
    revoked: waterRevoked,
    unit: tokens.unit,
    'other-unit': tokens.other,
    office: OFFICE_TOKEN,
  })[role];

async function workbookBody(): Promise<RequestInit> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('表').addRow(['序号', '反馈问题', '整改时限']);
  return s.upload(new Uint8Array(await workbook.xlsx.writeBuffer()));
}

const setting: Setting = {
  second: () => second,
  townOnly: () => town,
  workbookBody,
  roster: () => s.county.registry.data,
};
const perLedger = ledgerRoutes(setting);
const county = countyRoutes(setting);

async function statusOf(role: Role, [path, init]: [string, RequestInit]) {
  const token = tokenOf(role);
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return (await app.request(path, { ...init, headers })).status;
}

describe('every route, every role', () => {
  it('covers every route the API describes', async () => {
    const doc = await (await s.call('/api/openapi.json')).json();
    const described = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m} ${path}`),
    );
    const tested = [
      ...perLedger.flatMap((c) => [`${c.method} ${c.path}`, `${c.method} /ledgers/{ledgerId}${c.path}`]),
      ...county.map((c) => `${c.method} ${c.path}`),
      'get /health', // open to all: its own test below
    ];
    expect(described.filter((route) => !tested.includes(route))).toEqual([]);
  });

  for (const [name, prefix] of [
    ['the first ledger', () => '/api'],
    ['the first ledger by id', () => `/api/ledgers/${s.ledger.ledgerId}`],
    ['the second ledger', () => `/api/ledgers/${second}`],
  ] as const) {
    it(`answers each role as it may on ${name}`, async () => {
      const seen: string[] = [];
      const wanted: string[] = [];
      for (const c of perLedger) {
        for (const role of ROLES) {
          const onSecond = name === 'the second ledger';
          const expected =
            role === 'none' || role === 'wrong' || role === 'revoked'
              ? 401
              : onSecond && role === 'other-unit'
                ? c.secondOtherUnit!
                : onSecond && role === 'unit' && c.secondUnit
                  ? c.secondUnit
                  : c.expect[role];
          seen.push(`${c.method} ${c.path} ${role} ${await statusOf(role, await c.request(prefix()))}`);
          wanted.push(`${c.method} ${c.path} ${role} ${expected}`);
        }
      }
      expect(seen).toEqual(wanted);
    });
  }

  it("answers each role as it may on the county's routes", async () => {
    const seen: string[] = [];
    const wanted: string[] = [];
    for (const c of county) {
      for (const role of ROLES) {
        const expected = role === 'none' || role === 'wrong' || role === 'revoked' ? 401 : c.expect[role];
        seen.push(`${c.method} ${c.path} ${role} ${await statusOf(role, await c.request(''))}`);
        wanted.push(`${c.method} ${c.path} ${role} ${expected}`);
      }
    }
    expect(seen).toEqual(wanted);
  });

  it('keeps health and the API description open to all', async () => {
    for (const role of ROLES) expect(await statusOf(role, ['/api/health', {}])).toBe(200);
    expect((await s.call('/api/openapi.json')).status).toBe(200);
  });
});
