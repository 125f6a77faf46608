/** Evidence files in a folder of the data directory, readable by the service's owner only. */
import { constants, existsSync } from 'node:fs';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LedgerError } from '../errors.ts';
import { type EvidenceStore, evidenceKey, SHA256 } from './evidence-store.ts';

export class FolderEvidence implements EvidenceStore {
  readonly kind = 'filesystem';

  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new LedgerError('not-found', '没有这个佐证材料。No such file.');
    return join(this.dir, evidenceKey(sha256));
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(sha256);
    if (existsSync(path)) return;
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // Written beside and renamed, so that a reader never sees half a file.
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, bytes, { mode: 0o600 });
    await rename(partial, path);
  }

  async get(sha256: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.pathOf(sha256)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new LedgerError('not-found', '佐证材料文件不在存储中。The evidence file is missing from the store.');
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /** The folder (or, before the first file, the data folder it goes in) can be written to. */
  async reachable(): Promise<boolean> {
    return access(existsSync(this.dir) ? this.dir : dirname(this.dir), constants.W_OK).then(
      () => true,
      () => false,
    );
  }
}
