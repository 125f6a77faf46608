/** The sync service as the task pane talks to it: the typed client, same origin by default, the unit's token from the pane's settings. */
import {
  answerOf,
  apiClient,
  ServiceError,
  submitRows,
  type SubmissionAnswer,
  type SubmissionRequest,
  type TasksAnswer,
} from '../server/client.ts';

import type { RegistryData } from '../core/registry.ts';

export { ServiceError, type SubmissionAnswer };

export interface ServiceSettings {
  url: string;
  token: string;
}

export class LedgerApi {
  constructor(private readonly settings: ServiceSettings) {}

  private client() {
    if (!this.settings.token)
      throw new ServiceError('还没有填写令牌：请在“同步设置”中填写办公室发给本单位的令牌。No token set.', 0);
    return apiClient(this.settings.url, this.settings.token);
  }

  roster() {
    return answerOf<RegistryData>(this.client().roster.$get(), this.settings.url);
  }

  tasks() {
    return answerOf<TasksAnswer>(this.client().tasks.$get(), this.settings.url);
  }

  submit(baseRevision: number, copy: string, rows: SubmissionRequest['rows']) {
    return answerOf<SubmissionAnswer>(
      submitRows(this.client(), { baseRevision, ...(copy ? { copy } : {}), rows }),
      this.settings.url,
    );
  }
}
