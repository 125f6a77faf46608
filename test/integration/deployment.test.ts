/** Running for a county: its address in the manifest, a judging date for what-ifs, a proxy in front. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { checkManifest } from '../../scripts/check-manifest.ts';
import { SignInLimiter } from '../../server/http/auth.ts';
import { answerOf } from '../../server/http/client.ts';
import { OFFICE_TOKEN, refusalOf, servicePerTest } from '../helpers/service.ts';
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
    const s = await service();
    const app = s.appWith({
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
    const s = await service();
    const revision = await s.ledger.revision();
    const office = await s.on('2019-10-15');
    const res = await office['master.xlsx'].$get({ query: {} });
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('2019-10-15'));
    const sheet = (await loadWorkbook(await res.arrayBuffer())).getWorksheet('整改台账')!;
    expect(String(sheet.getCell('A2').value)).toContain('按2019-10-15判定');
    expect((await answerOf(office.units.$get({ query: {} }))).units).toHaveLength(36);
    for (const day of ['2019-02-30', '2019-13-01', '2019-00-10', '20191015']) {
      const refused = await refusalOf((await s.on(day)).units.$get({ query: {} }));
      expect(refused, day).toMatchObject({ status: 400, message: expect.stringContaining('判定日期') });
    }
    expect(await s.ledger.revision()).toBe(revision);
  });

  it('behind a trusted proxy, counts guesses by the address the proxy appended, never a forged hop', async () => {
    const s = await service();
    const app = s.appWith({
      trustedProxies: 1,
      limiter: new SignInLimiter(2, 60_000),
    });
    // nginx appends the address it saw; whatever the client wrote stays to its left.
    const from = (address: string, token: string, forged = '9.9.9.9') =>
      app.request('/api/tasks', {
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': `${forged}, ${address}` },
      });
    await from('1.2.3.4', 'wrong-token-1', '7.7.7.1');
    await from('1.2.3.4', 'wrong-token-2', '7.7.7.2');
    expect((await from('1.2.3.4', 'wrong-token-3', '7.7.7.3')).status).toBe(429);
    expect((await from('5.6.7.8', 'wrong-token-4', '1.2.3.4')).status).toBe(401);
    expect((await from('1.2.3.4', OFFICE_TOKEN)).status).toBe(200);
  });

  it('never locks out a valid token, and counts only guesses: an old or revoked token is not one', async () => {
    const s = await service();
    const app = s.appWith({
      limiter: new SignInLimiter(2, 60_000),
    });
    const call = (token: string) => app.request('/api/tasks', { headers: { authorization: `Bearer ${token}` } });
    const old = await s.tokenOf('城关镇');
    await s.county.issueUnitAccess('城关镇', { kind: 'office' }, { revokeOthers: true });
    for (let i = 0; i < 5; i++) expect((await call(old)).status).toBe(401);
    const refused = await call(old);
    expect(refused.headers.get('www-authenticate')).toContain('Bearer');
    await call('guess-1');
    await call('guess-2');
    const limited = await call('guess-3');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(OFFICE_TOKEN)).status).toBe(200);
    expect((await call(await s.tokenOf('县水利局'))).status).toBe(200);
  });

  it('names the configured address in sign-in links and the manifest, whatever Host the request says', async () => {
    const s = await service();
    const app = s.appWith({
      publicUrl: 'https://dcb.example.gov.cn',
    });
    const forged = {
      host: 'evil.example',
      authorization: `Bearer ${OFFICE_TOKEN}`,
      'content-type': 'application/json',
    };
    const issued = await app.request('http://evil.example/api/access/units', {
      method: 'POST',
      headers: forged,
      body: JSON.stringify({ unit: '县水利局' }),
    });
    expect((await issued.json()).link).toMatch(/^https:\/\/dcb\.example\.gov\.cn\/u\/#token=/);
    const manifest = await (
      await app.request('http://evil.example/manifest.xml', { headers: { host: 'evil.example' } })
    ).text();
    expect(manifest).not.toContain('evil.example');
    const health = await (await app.request('/api/health')).json();
    expect(health).toMatchObject({ publicUrl: 'https://dcb.example.gov.cn', publicUrlSet: false });
  });
});
