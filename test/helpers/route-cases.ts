/**
 * Every route of the API and what each role may get from it, as data: the table
 * roles-routes.test.ts runs for every role, on each ledger and on the county.
 */
import type { RegistryData } from '../../core/registry.ts';
import { clock } from '../../server/clock.ts';

export type Role = 'none' | 'wrong' | 'revoked' | 'unit' | 'other-unit' | 'office';

/** What the table needs from the county it runs on. */
export interface Setting {
  /** The second ledger's id: only 县水利局 is on it. */
  second: () => string;
  /** A task of 城关镇's that 县水利局 is not on. */
  townOnly: () => number;
  /** A workbook that is not a plan: the office's plan routes refuse it. */
  workbookBody: () => Promise<RequestInit>;
  roster: () => RegistryData;
}

const pdf = (): RequestInit => {
  const form = new FormData();
  form.set('file', new File([new TextEncoder().encode('%PDF-1.4\n% evidence\n')], '验收报告.pdf'));
  return { method: 'POST', body: form };
};

export interface Case {
  /** The OpenAPI path it exercises. */
  path: string;
  method: string;
  request: (prefix: string) => Promise<[string, RequestInit]> | [string, RequestInit];
  /** Expected status per role, on the first ledger (where both units have tasks) and on the second (where only 县水利局 has). */
  expect: Partial<Record<Role, number>> & { unit: number; 'other-unit': number; office: number };
  secondOtherUnit?: number;
  secondUnit?: number;
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
export const ledgerRoutes = (at: Setting): Case[] => [
  {
    path: '/tasks',
    method: 'get',
    request: (p) => [`${p}/tasks`, {}],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/history',
    method: 'get',
    request: (p) => [`${p}/history?task=${p.includes(at.second()) ? 1 : at.townOnly()}`, {}],
    expect: { unit: 403, 'other-unit': 200, office: 200 },
    secondUnit: 200,
    secondOtherUnit: 404,
  },
  {
    path: '/units',
    method: 'get',
    request: (p) => [`${p}/units`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/units/{unit}/sheet.xlsx',
    method: 'get',
    request: (p) => [`${p}/units/${encodeURIComponent('县水利局')}/sheet.xlsx`, {}],
    expect: { unit: 200, 'other-unit': 403, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/submissions',
    method: 'post',
    request: (p) => [`${p}/submissions`, json('POST', { baseRevision: 1, rows: [] })],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/master.xlsx',
    method: 'get',
    request: (p) => [`${p}/master.xlsx`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/conflicts',
    method: 'get',
    request: (p) => [`${p}/conflicts`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/conflicts/{id}/resolve',
    method: 'post',
    request: (p) => [`${p}/conflicts/999999/resolve`, json('POST', { value: 'x' })],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/round',
    method: 'get',
    request: (p) => [`${p}/round`, {}],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/chase',
    method: 'get',
    request: (p) => [`${p}/chase`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/chase/send',
    method: 'post',
    // No group bot is configured here: the office is told so.
    request: (p) => [`${p}/chase/send`, { method: 'POST' }],
    expect: { unit: 403, 'other-unit': 403, office: 400 },
    secondOtherUnit: 404,
  },
  {
    path: '/closures',
    method: 'get',
    request: (p) => [`${p}/closures`, {}],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/tasks/{no}/closure',
    method: 'post',
    // Task 1's lead units are the county offices: neither unit here leads it; the office does not ask.
    request: (p) => [`${p}/tasks/1/closure`, json('POST', { note: '' })],
    expect: { unit: 403, 'other-unit': 403, office: 403 },
    secondUnit: 422,
    secondOtherUnit: 404,
  },
  {
    path: '/closures/{id}/confirm',
    method: 'post',
    request: (p) => [`${p}/closures/999999/confirm`, { method: 'POST' }],
    expect: { unit: 404, 'other-unit': 404, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/closures/{id}/approve',
    method: 'post',
    request: (p) => [`${p}/closures/999999/approve`, { method: 'POST' }],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/alerts',
    method: 'get',
    request: (p) => [`${p}/alerts?today=2019-12-31`, {}],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/alerts/send',
    method: 'post',
    request: (p) => {
      // In the day, county time: at night the digest waits.
      clock.now = () => new Date('2020-01-02T10:00:00+08:00');
      return [`${p}/alerts/send?today=2020-01-02`, { method: 'POST' }];
    },
    expect: { unit: 403, 'other-unit': 403, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/alerts/sent',
    method: 'get',
    request: (p) => [`${p}/alerts/sent`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/tasks/{no}/supervision',
    method: 'post',
    request: (p) => [`${p}/tasks/999/supervision`, json('POST', { demand: '限期整改' })],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/supervision',
    method: 'get',
    request: (p) => [`${p}/supervision`, {}],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/supervision/{id}',
    method: 'get',
    request: (p) => [`${p}/supervision/999999.docx`, {}],
    expect: { unit: 404, 'other-unit': 404, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/supervision/{id}/sign',
    method: 'post',
    request: (p) => [`${p}/supervision/999999/sign`, { method: 'POST' }],
    expect: { unit: 404, 'other-unit': 404, office: 403 },
    secondOtherUnit: 404,
  },
  {
    path: '/supervision/{id}/reply',
    method: 'post',
    request: (p) => [`${p}/supervision/999999/reply`, json('POST', { text: '已办理' })],
    expect: { unit: 404, 'other-unit': 404, office: 403 },
    secondOtherUnit: 404,
  },
  {
    path: '/supervision/{id}/close',
    method: 'post',
    request: (p) => [`${p}/supervision/999999/close`, { method: 'POST' }],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/supervision/{id}/return',
    method: 'post',
    request: (p) => [`${p}/supervision/999999/return`, json('POST', { reason: '材料不全' })],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/tasks/{no}/instructions',
    method: 'post',
    request: (p) => [`${p}/tasks/999/instructions`, json('POST', { leader: '王冲', date: '2019-12-02', text: '抓紧' })],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/tasks/{no}/interviews',
    method: 'post',
    request: (p) => [
      `${p}/tasks/999/interviews`,
      json('POST', { unit: '县水利局', person: '局长', date: '2019-12-02', outcome: '限期整改' }),
    ],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/interviews',
    method: 'get',
    request: (p) => [`${p}/interviews`, {}],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/instructions',
    method: 'get',
    request: (p) => [`${p}/instructions`, {}],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/closures/{id}/return',
    method: 'post',
    request: (p) => [`${p}/closures/999999/return`, json('POST', { reason: '材料不全' })],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/compare',
    method: 'get',
    request: (p) => [`${p}/compare`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/rounds/{id}/report.docx',
    method: 'get',
    request: (p) => [`${p}/rounds/no-such-round/report.docx`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/rounds/{id}/master.xlsx',
    method: 'get',
    request: (p) => [`${p}/rounds/no-such-round/master.xlsx`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/rounds/{id}/scores',
    method: 'get',
    request: (p) => [`${p}/rounds/no-such-round/scores`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/rounds/{id}/scores/adjustments',
    method: 'post',
    request: (p) => [
      `${p}/rounds/no-such-round/scores/adjustments`,
      json('POST', { unit: '县水利局', points: 2, reason: '主动整改' }),
    ],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/rounds/{id}/notice.docx',
    method: 'get',
    request: (p) => [`${p}/rounds/no-such-round/notice.docx`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
    secondOtherUnit: 404,
  },

  {
    path: '/tasks/{no}/evidence',
    method: 'post',
    request: (p) => [`${p}/tasks/1/evidence`, pdf()],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/tasks/{no}/evidence',
    method: 'get',
    request: (p) => [`${p}/tasks/1/evidence`, {}],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/evidence',
    method: 'get',
    request: (p) => [`${p}/evidence`, {}],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/evidence/{id}',
    method: 'get',
    request: (p) => [`${p}/evidence/999999`, {}],
    expect: { unit: 404, 'other-unit': 404, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/evidence/{id}',
    method: 'delete',
    request: (p) => [`${p}/evidence/999999`, { method: 'DELETE' }],
    expect: { unit: 404, 'other-unit': 404, office: 404 },
    secondOtherUnit: 404,
  },
  {
    path: '/evidence.zip',
    method: 'get',
    request: (p) => [`${p}/evidence.zip`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
    secondOtherUnit: 404,
  },
  {
    path: '/tasks/{no}/evidence.zip',
    method: 'get',
    request: (p) => [`${p}/tasks/1/evidence.zip`, {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
    secondOtherUnit: 404,
  },
];

export const countyRoutes = (at: Setting): Case[] => [
  {
    path: '/ledgers',
    method: 'get',
    request: () => ['/api/ledgers', {}],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
  },
  {
    path: '/ledgers',
    method: 'post',
    request: async () => ['/api/ledgers', await at.workbookBody()],
    expect: { unit: 403, 'other-unit': 403, office: 422 },
  },
  {
    path: '/ledgers/preview',
    method: 'post',
    request: async () => ['/api/ledgers/preview', await at.workbookBody()],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/roster',
    method: 'get',
    request: () => ['/api/roster', {}],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
  },
  {
    path: '/roster',
    method: 'put',
    request: () => ['/api/roster', json('PUT', at.roster())],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/roster/file',
    method: 'post',
    request: () => ['/api/roster/file', { method: 'POST', body: new FormData() }],
    expect: { unit: 403, 'other-unit': 403, office: 400 },
  },
  {
    path: '/roster/template.xlsx',
    method: 'get',
    request: () => ['/api/roster/template.xlsx', {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/access',
    method: 'get',
    request: () => ['/api/access', {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/access/units',
    method: 'post',
    request: () => ['/api/access/units', json('POST', { unit: '县林业局' })],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/access/office',
    method: 'post',
    request: () => ['/api/access/office', json('POST', { person: '张三' })],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/settings',
    method: 'get',
    request: () => ['/api/settings', {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/settings',
    method: 'put',
    request: () => ['/api/settings', json('PUT', { evidenceRetentionDays: 30 })],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/scoring',
    method: 'get',
    request: () => ['/api/scoring', {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/scoring',
    method: 'put',
    request: () => [
      '/api/scoring',
      json('PUT', {
        points: { onTime: 2, late: -1, missing: -3, overdue: -2, closed: 3, supervisionLate: -2, closureReturned: -1 },
        byKind: false,
      }),
    ],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/wps/self-tests',
    method: 'get',
    request: () => ['/api/wps/self-tests', {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/wps/self-tests',
    method: 'post',
    request: () => [
      '/api/wps/self-tests',
      json('POST', {
        version: '12.1.0.17827',
        system: 'Windows NT 10.0',
        checks: [{ name: 'readTable', label: '读取报表', passed: true }],
      }),
    ],
    expect: { unit: 200, 'other-unit': 200, office: 200 },
  },
  {
    path: '/rounds',
    method: 'get',
    request: () => ['/api/rounds', {}],
    expect: { unit: 403, 'other-unit': 403, office: 200 },
  },
  {
    path: '/rounds',
    method: 'post',
    // A deadline before the judging date, not confirmed: refused, nothing opened.
    request: () => ['/api/rounds', json('POST', { period: '2019年7月', deadline: '2019-07-01' })],
    expect: { unit: 403, 'other-unit': 403, office: 422 },
  },
  {
    path: '/rounds/{id}/close',
    method: 'post',
    request: () => ['/api/rounds/no-such-round/close', { method: 'POST' }],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
  },
  {
    path: '/access/{id}/revoke',
    method: 'post',
    request: () => ['/api/access/999999/revoke', { method: 'POST' }],
    expect: { unit: 403, 'other-unit': 403, office: 404 },
  },
];
