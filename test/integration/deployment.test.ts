/** Running for a county: its address in the manifest, a judging date for what-ifs, a proxy in front. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { checkManifest } from '../../scripts/check-manifest.ts';
import { createApp } from '../../server/app.ts';
import { SignInLimiter } from '../../server/auth.ts';
import { OFFICE_TOKEN, servicePerTest } from '../helpers/service.ts';
import { loadWorkbook } from '../helpers/sheets.ts';
import { freePort, ROOT } from '../helpers/process.ts';

const service = servicePerTest();

/** GET over HTTPS without trusting the certificate; answers the status and the certificate's subject. */
function httpsGet(url: string): Promise<{ status: number; subject: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      const subject = String((res.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '');
      res.resume();
      resolve({ status: res.statusCode ?? 0, subject });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('deployed for a county', () => {
  it("serves HTTPS with the county's own certificate (TLS_CERT, TLS_KEY)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=dcb.example.gov.cn',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: join(dir, 'data'),
        LEDGER_OFFICE_TOKEN: OFFICE_TOKEN,
        TLS_CERT: join(dir, 'cert.pem'),
        TLS_KEY: join(dir, 'key.pem'),
        LEDGER_TLS: '',
      },
      stdio: 'ignore',
    });
    try {
      let answer: { status: number; subject: string } | undefined;
      for (let i = 0; i < 200 && !answer; i++) {
        answer = await httpsGet(`https://127.0.0.1:${port}/api/health`).catch(() => undefined);
        if (!answer) await new Promise((r) => setTimeout(r, 100));
      }
      expect(answer).toEqual({ status: 200, subject: 'dcb.example.gov.cn' });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it("serves the manifest with the deployment's address in every URL", async () => {
    const s = service();
    const app = createApp({
      county: s.county,
      pool: s.pool,
      today: () => '2019-08-01',
      publicUrl: 'https://dcb.example.gov.cn',
    });
    const res = await app.request('/manifest.xml');
    expect(res.headers.get('content-type')).toContain('xml');
    const xml = await res.text();
    expect(xml).toContain('<SourceLocation DefaultValue="https://dcb.example.gov.cn/addin/taskpane.html"/>');
    expect(xml).not.toContain('localhost');
    expect(checkManifest(xml)).toEqual([]);
  });

  it('judges as of another date with ?today=, changing nothing stored', async () => {
    const s = service();
    const revision = s.ledger.revision;
    const res = await s.asOffice('/api/master.xlsx?today=2019-10-15');
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('2019-10-15'));
    const sheet = (await loadWorkbook(await res.arrayBuffer())).getWorksheet('整改台账')!;
    expect(String(sheet.getCell('A2').value)).toContain('按2019-10-15判定');
    const units = await (await s.asOffice('/api/units?today=2019-10-15')).json();
    expect(units.units).toHaveLength(36);
    expect((await s.asOffice('/api/units?today=2019-02-30')).status).toBe(400);
    expect(s.ledger.revision).toBe(revision);
  });

  it('behind a trusted proxy, limits failed sign-ins per client, not per proxy', async () => {
    const s = service();
    const app = createApp({
      county: s.county,
      pool: s.pool,
      today: () => '2019-08-01',
      trustProxy: true,
      limiter: new SignInLimiter(2, 60_000),
    });
    const from = (address: string, token: string) =>
      app.request('/api/tasks', {
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': `${address}, 10.0.0.1` },
      });
    await from('1.2.3.4', 'wrong-token');
    await from('1.2.3.4', 'wrong-token');
    expect((await from('1.2.3.4', OFFICE_TOKEN)).status).toBe(429);
    expect((await from('5.6.7.8', OFFICE_TOKEN)).status).toBe(200);
  });
});
