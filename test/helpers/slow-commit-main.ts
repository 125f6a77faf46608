// Test-only entry: npm start's program with every write held open inside its transaction for
// TEST_SLOW_COMMIT_MS, so that a test can kill the process mid-transaction.
import { Store } from '../../server/store/store.ts';
import { IN_TRANSACTION } from './process.ts';

const ms = Number(process.env.TEST_SLOW_COMMIT_MS ?? 0);
const record = Store.prototype.setSubmissionResult;
Store.prototype.setSubmissionResult = async function (this: Store, ...args: Parameters<Store['setSubmissionResult']>) {
  await record.apply(this, args);
  // Said on stdout once the submission's rows are written and its transaction not yet committed.
  process.stdout.write(`${IN_TRANSACTION}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};
await import('../../server/main.ts');
