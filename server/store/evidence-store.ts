/**
 * Where evidence files' bytes are kept, by their SHA-256: a folder of the data directory (the
 * default) or a bucket of any S3-compatible service (EVIDENCE_S3_URL). The same content is kept
 * once whoever sends it; the database rows say which task, unit and round a file belongs to.
 */
import { join } from 'node:path';
import { BucketEvidence, bucketSettings } from './evidence-bucket.ts';
import { FolderEvidence } from './evidence-folder.ts';

export interface EvidenceStore {
  /** What kind of store this is, for /api/health and the logs. */
  readonly kind: 'filesystem' | 's3';
  /** Keeps a file; a file already kept is left as it is. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** A kept file's bytes; a LedgerError 'not-found' when it is not there. */
  get(sha256: string): Promise<Uint8Array>;
  /** Whether the store answers now (for /api/health). */
  reachable(): Promise<boolean>;
  /** Lets a kept file go (a removed file past its retention); one not there is no error. */
  delete(sha256: string): Promise<void>;
}

/** The content address: two hex digits of folder, then the whole hash. */
export const evidenceKey = (sha256: string) => `${sha256.slice(0, 2)}/${sha256}`;

export const SHA256 = /^[0-9a-f]{64}$/;

/** The store the settings name: the bucket when EVIDENCE_S3_URL is set, DATA_DIR/evidence otherwise. */
export function evidenceStore(dataDir: string, env: NodeJS.ProcessEnv = process.env): EvidenceStore {
  const bucket = bucketSettings(env);
  return bucket ? new BucketEvidence(bucket) : new FolderEvidence(join(dataDir, 'evidence'));
}
