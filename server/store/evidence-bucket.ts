/**
 * Evidence files in a bucket of an S3-compatible service (MinIO, Ceph, a cloud's object storage),
 * through AWS's own client. Keys are `<prefix>evidence/<2 hex>/<sha256>`, as in the folder.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { LedgerError } from '../errors.ts';
import { type EvidenceStore, evidenceKey, SHA256 } from './evidence-store.ts';

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

const missing = () =>
  new LedgerError('not-found', '佐证材料文件不在存储中。The evidence file is missing from the store.');

export class BucketEvidence implements EvidenceStore {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(private readonly settings: BucketSettings) {
    // The lockfile pins a client that supports Node 20; its notice that later ones will not is for
    // whoever upgrades it (package.json), not for every clerk's command.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new S3Client({
      endpoint: settings.url,
      region: settings.region,
      credentials: { accessKeyId: settings.accessKey, secretAccessKey: settings.secretKey },
      // MinIO and most services inside a government network answer on one host, not per bucket.
      forcePathStyle: true,
      maxAttempts: 3,
    });
  }

  private key(sha256: string): string {
    if (!SHA256.test(sha256)) throw missing();
    return `${this.settings.prefix}evidence/${evidenceKey(sha256)}`;
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const Key = this.key(sha256);
    const Bucket = this.settings.bucket;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket, Key }));
      return;
    } catch (error) {
      if (
        !(error instanceof NotFound || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404))
      )
        throw unreachable(error);
    }
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket, Key, Body: bytes, ContentType: 'application/octet-stream' }),
      );
    } catch (error) {
      throw unreachable(error);
    }
  }

  async get(sha256: string): Promise<Uint8Array> {
    let bytes: Uint8Array;
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }),
      );
      bytes = await answer.Body!.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404))
        throw missing();
      throw unreachable(error);
    }
    // A bucket is outside the service's care: what comes back is checked against its address.
    if (createHash('sha256').update(bytes).digest('hex') !== sha256)
      throw new Error(`存储中的佐证材料文件 ${sha256} 已损坏。The stored evidence file ${sha256} is damaged.`);
    return bytes;
  }

  close(): void {
    this.client.destroy();
  }
}
