/** The sync service as the task pane talks to it: same origin by default, the unit's token from the pane's settings. */
import type { Task } from '../core/task.ts';

export interface ServiceSettings {
  url: string;
  token: string;
}

export class ServiceError extends Error {
  name = 'ServiceError';
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export interface TaskFromService extends Task {
  byUnit: Record<string, { progress: string; status: string; remarks: string }>;
}

export interface SubmissionAnswer {
  submission: number;
  revision: number;
  applied: { no: number; field: string; unit: string }[];
  conflicts: { id: number; no: number; field: string; unit: string; base: string; master: string; masterBy: string; incoming: string; incomingBy: string }[];
  rejected: { no: number | string; field: string; reason: string }[];
  warnings: string[];
}

export class LedgerApi {
  constructor(private readonly settings: ServiceSettings) {}

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    if (!this.settings.token) throw new ServiceError('还没有填写令牌：请在“同步设置”中填写办公室发给本单位的令牌。No token set.', 0);
    let res: Response;
    try {
      res = await fetch(new URL(path, this.settings.url), { ...init, headers: { ...init.headers, authorization: `Bearer ${this.settings.token}` } });
    } catch {
      throw new ServiceError(`无法连接同步服务（${this.settings.url}）：请检查网络和服务地址，或稍后再试。The service cannot be reached.`, 0);
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new ServiceError(body?.error?.message ?? `同步服务返回错误 ${res.status}。The service answered ${res.status}.`, res.status);
    }
    return (await res.json()) as T;
  }

  tasks() {
    return this.call<{ ledgerId: string; title: string; revision: number; unit: string | null; tasks: TaskFromService[] }>('/api/tasks');
  }

  submit(baseRevision: number, copy: string, rows: Record<string, string | number>[]) {
    return this.call<SubmissionAnswer>('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ baseRevision, ...(copy ? { copy } : {}), rows }),
    });
  }
}
