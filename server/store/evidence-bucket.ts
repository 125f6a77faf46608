/**
 * Evidence files in a bucket of an S3-compatible service (MinIO, Ceph, a cloud's object storage),
 * through AWS's own client. Keys are `<prefix>evidence/<2 hex>/<sha256>`, as in the folder.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { LedgerError } from '../errors.ts';
import { type EvidenceStore, evidenceKey, SHA256 } from './evidence-store.ts';

type Sdk = typeof import('@aws-sdk/client-s3');

export interface BucketSettings {
  /** The service's address, e.g. http://minio:9000. */
  url: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** Put before every key, so that one bucket can hold several deployments' files. */
  prefix: string;
}

/** EVIDENCE_S3_URL, _BUCKET, _ACCESS_KEY, _SECRET_KEY, _REGION and _PREFIX, or undefined when no URL is set. */
export function bucketSettings(env: NodeJS.ProcessEnv): BucketSettings | undefined {
  const url = env.EVIDENCE_S3_URL;
  if (!url) return undefined;
  const missing = ['EVIDENCE_S3_BUCKET', 'EVIDENCE_S3_ACCESS_KEY', 'EVIDENCE_S3_SECRET_KEY'].filter((k) => !env[k]);
  if (missing.length > 0)
    throw new LedgerError(
      'bad-request',
      `设置了 EVIDENCE_S3_URL，还需设置 ${missing.join('、')}。Set ${missing.join(', ')} with EVIDENCE_S3_URL.`,
    );
  return {
    url,
    bucket: env.EVIDENCE_S3_BUCKET!,
    accessKey: env.EVIDENCE_S3_ACCESS_KEY!,
    secretKey: env.EVIDENCE_S3_SECRET_KEY!,
    region: env.EVIDENCE_S3_REGION ?? 'us-east-1',
    prefix: env.EVIDENCE_S3_PREFIX ?? '',
  };
}

const unreachable = (error: unknown) =>
  new LedgerError(
    'store-unavailable',
    `佐证材料存储暂时无法访问，请稍后再试（${(error as Error).message}）。The evidence store cannot be reached; try again shortly.`,
    30,
  );

/** Some services answer a missing key with a bare 404 rather than the named error. */
const notThere = (s3: Sdk, error: unknown) =>
  error instanceof s3.S3ServiceException && error.$metadata.httpStatusCode === 404;

const missing = () =>
  new LedgerError('not-found', '佐证材料文件不在存储中。The evidence file is missing from the store.');

export class BucketEvidence implements EvidenceStore {
  readonly kind = 's3';
  /** AWS's client, loaded with the first file moved: a county keeping evidence in its folder never loads it. */
  private sdk?: Promise<{ s3: Sdk; client: S3Client }>;

  constructor(private readonly settings: BucketSettings) {}

  private connect(): Promise<{ s3: Sdk; client: S3Client }> {
    // The lockfile pins a client that supports Node 20; its notice that later ones will not is for
    // whoever upgrades it (package.json), not for every clerk's command.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { url, region, accessKey, secretKey } = this.settings;
    this.sdk ??= import('@aws-sdk/client-s3').then((s3) => ({
      s3,
      client: new s3.S3Client({
        endpoint: url,
        region,
        credentials: { accessKeyId: accessKey, secretAccessKey: secretKey },
        // MinIO and most services inside a government network answer on one host, not per bucket.
        forcePathStyle: true,
        maxAttempts: 3,
      }),
    }));
    return this.sdk;
  }

  private key(sha256: string): string {
    if (!SHA256.test(sha256)) throw missing();
    return `${this.settings.prefix}evidence/${evidenceKey(sha256)}`;
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const Key = this.key(sha256);
    const Bucket = this.settings.bucket;
    const { s3, client } = await this.connect();
    try {
      await client.send(new s3.HeadObjectCommand({ Bucket, Key }));
      return;
    } catch (error) {
      if (!(error instanceof s3.NotFound || notThere(s3, error))) throw unreachable(error);
    }
    try {
      await client.send(new s3.PutObjectCommand({ Bucket, Key, Body: bytes, ContentType: 'application/octet-stream' }));
    } catch (error) {
      throw unreachable(error);
    }
  }

  async get(sha256: string): Promise<Uint8Array> {
    let bytes: Uint8Array;
    const { s3, client } = await this.connect();
    try {
      const answer = await client.send(
        new s3.GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }),
      );
      bytes = await answer.Body!.transformToByteArray();
    } catch (error) {
      if (error instanceof s3.NoSuchKey || notThere(s3, error)) throw missing();
      throw unreachable(error);
    }
    // A bucket is outside the service's care: what comes back is checked against its address.
    if (createHash('sha256').update(bytes).digest('hex') !== sha256)
      throw new Error(`存储中的佐证材料文件 ${sha256} 已损坏。The stored evidence file ${sha256} is damaged.`);
    return bytes;
  }

  async delete(sha256: string): Promise<void> {
    const { s3, client } = await this.connect();
    try {
      await client.send(new s3.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
    } catch (error) {
      throw unreachable(error);
    }
  }

  async reachable(): Promise<boolean> {
    const { s3, client } = await this.connect();
    try {
      await client.send(new s3.HeadBucketCommand({ Bucket: this.settings.bucket }));
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    void this.sdk?.then(({ client }) => client.destroy());
  }
}
