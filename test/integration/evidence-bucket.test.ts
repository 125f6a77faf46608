/**
 * Evidence in an S3-compatible bucket (EVIDENCE_S3_URL), against s3rver in this process: files
 * attached through the API land in the bucket and nowhere in the data folder, come back byte for
 * byte, go into a backup and back into a bucket on restore; an unreachable bucket refuses the
 * upload with a reason and records nothing.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCounty } from '../../server/cases/open-county.ts';
import { BucketEvidence, type BucketSettings } from '../../server/store/evidence-bucket.ts';
import { freePort, ledgerCliAsync } from '../helpers/process.ts';
import { answerOf, attachEvidenceTo } from '../../server/http/client.ts';
import { refusalOf, testService } from '../helpers/service.ts';

const ICON = readFileSync(fileURLToPath(new URL('../../addin/assets/icon-80.png', import.meta.url)));
type Service = Awaited<ReturnType<typeof testService>>;
/** 县水利局 attaches the icon to task 7 under a name: the route's answer. */
const attachPhoto = async (s: Service, name: string) =>
  attachEvidenceTo(await s.unit('县水利局'), s.ledger.ledgerId, 7, new File([new Uint8Array(ICON)], name));

let server: S3rver;
let url: string;
const bucket = (name: string): BucketSettings => ({
  url,
  bucket: name,
  accessKey: 'S3RVER',
  secretKey: 'S3RVER',
  region: 'us-east-1',
  prefix: 'county-a/',
});
const settingsEnv = (b: BucketSettings) => ({
  EVIDENCE_S3_URL: b.url,
  EVIDENCE_S3_BUCKET: b.bucket,
  EVIDENCE_S3_ACCESS_KEY: b.accessKey,
  EVIDENCE_S3_SECRET_KEY: b.secretKey,
  EVIDENCE_S3_PREFIX: b.prefix,
});

beforeAll(async () => {
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: mkdtempSync(join(tmpdir(), 's3rver-')),
    configureBuckets: [{ name: 'evidence' }, { name: 'restored' }],
  });
  const { port } = await server.run();
  url = `http://127.0.0.1:${port}`;
});
afterAll(() => server.close());

describe('evidence in an S3 bucket', () => {
  it('is kept in the bucket, served back, backed up and restored into another bucket', async () => {
    const s = await testService('2019-08-01', undefined, { evidence: new BucketEvidence(bucket('evidence')) });
    try {
      expect((await answerOf(s.office.health.$get())).storage).toEqual({ database: 'sqlite', evidence: 's3' });
      const attached = await answerOf(attachPhoto(s, '整改后.png'));
      expect(attached.name).toBe('整改后.png');
      expect(existsSync(join(s.dir, 'evidence'))).toBe(false);
      const served = await (await s.unit('县水利局')).evidence[':id'].$get({ param: { id: String(attached.id) } });
      expect(Buffer.from(await served.arrayBuffer()).equals(ICON)).toBe(true);
      const archive = await s.office.tasks[':no']['evidence.zip'].$get({ param: { no: '7' } });
      const zip = unzipSync(new Uint8Array(await archive.arrayBuffer()));
      expect(Buffer.from(zip[`佐证材料/县水利局/${attached.id}-整改后.png`]!).equals(ICON)).toBe(true);

      // The command line, with the service's settings, backs up what the bucket holds.
      const file = join(mkdtempSync(join(tmpdir(), 'ledger-s3-backup-')), 'backup.zip');
      const backup = await ledgerCliAsync(['backup', file], { DATA_DIR: s.dir, ...settingsEnv(bucket('evidence')) });
      expect(backup.stderr).toBe('');
      expect(backup.stdout).toContain('1 个佐证材料文件');
      const restoredDir = join(mkdtempSync(join(tmpdir(), 'ledger-s3-restored-')), 'data');
      const restore = await ledgerCliAsync(['restore', file], {
        DATA_DIR: restoredDir,
        ...settingsEnv(bucket('restored')),
      });
      expect(restore.status).toBe(0);
      expect(existsSync(join(restoredDir, 'evidence'))).toBe(false);
      const restored = new BucketEvidence(bucket('restored'));
      const { county } = await openCounty(restoredDir, { seed: false, evidence: restored });
      try {
        const [entry] = await county.defaultLedger!.evidence.all({ kind: 'office' });
        const back = await county.defaultLedger!.evidence.file(entry!.id, { kind: 'office' });
        expect(Buffer.from(back.bytes).equals(ICON)).toBe(true);
      } finally {
        await county.close();
        restored.close();
      }
    } finally {
      await s.close();
    }
  });

  it('refuses an upload while the bucket cannot be reached, with a reason, and records nothing', async () => {
    const down = { ...bucket('evidence'), url: 'http://127.0.0.1:9' };
    const s = await testService('2019-08-01', undefined, { evidence: new BucketEvidence(down) });
    try {
      const res = await attachPhoto(s, '整改后.png');
      expect(res.headers.get('retry-after')).toBe('30');
      expect(await refusalOf(res)).toMatchObject({
        status: 503,
        message: expect.stringContaining('佐证材料存储暂时无法访问'),
      });
      const listed = await answerOf(s.office.tasks[':no'].evidence.$get({ param: { no: '7' } }));
      expect(listed.evidence).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('names the bucket as down in /api/health while it is stopped, and serves again when it is back', async () => {
    const port = await freePort();
    const directory = mkdtempSync(join(tmpdir(), 's3rver-blink-'));
    const bucketServer = () =>
      new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'blink' }] });
    let blinking = bucketServer();
    await blinking.run();
    const s = await testService('2019-08-01', undefined, {
      evidence: new BucketEvidence({ ...bucket('blink'), url: `http://127.0.0.1:${port}` }),
    });
    try {
      const health = () => s.office.health.$get();
      expect((await health()).status).toBe(200);
      await blinking.close();
      const down = await health();
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ ok: false, down: ['evidence'] });
      expect((await attachPhoto(s, '停机时.png')).status).toBe(503);
      blinking = bucketServer();
      await blinking.run();
      expect((await health()).status).toBe(200);
      expect((await attachPhoto(s, '恢复后.png')).status).toBe(200);
    } finally {
      await s.close();
      await blinking.close();
    }
  });
});
