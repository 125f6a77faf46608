// Entry of an upload-parsing worker thread: plain JavaScript, so that it starts the same under
// tsx, vitest or node, then loads the TypeScript job through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./parse-job.ts');
