/** The sync service as the task pane talks to it: the typed client, same origin by default, the unit's token from the pane's settings. */
import {
  answerOf,
  apiClient,
  attachEvidenceTo,
  type SelfTestReport,
  ServiceError,
  submitRowsTo,
  type SubmissionAnswer,
  type SubmissionRequest,
} from '../server/http/client.ts';

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
    return answerOf(this.client().roster.$get(), this.settings.url);
  }

  /** What the WPS self-test found on this PC, for the office's record. */
  reportSelfTest(report: SelfTestReport) {
    return answerOf(this.client().wps['self-tests'].$post({ json: report }), this.settings.url);
  }

  /** The reader's tasks in the first ledger it may open (a unit: the first one where it has tasks). */
  async tasks() {
    const { ledgers } = await answerOf(this.client().ledgers.$get(), this.settings.url);
    const first = ledgers[0];
    if (!first) throw new ServiceError('服务上还没有本单位需要填报的台账。No ledger to report on.', 404);
    return answerOf(
      this.client().ledgers[':ledgerId'].tasks.$get({ param: { ledgerId: first.id } }),
      this.settings.url,
    );
  }

  /** Who the token signs in as, the ledger the pane reports on, and this round's deadline there. */
  async identity(): Promise<{ unit: string | null; title: string; ledgerId: string; deadline?: string }> {
    const tasks = await this.tasks();
    const deadline = await this.reportingDeadline(tasks.ledgerId);
    return {
      unit: tasks.unit ?? null,
      title: tasks.title,
      ledgerId: tasks.ledgerId,
      ...(deadline ? { deadline } : {}),
    };
  }

  /** This round's reporting deadline in a ledger, said in a pulled sheet's 填报说明. */
  async reportingDeadline(ledgerId: string): Promise<string | undefined> {
    const round = await answerOf(
      this.client().ledgers[':ledgerId'].round.$get({ param: { ledgerId }, query: {} }),
      this.settings.url,
    );
    return round.reportingDeadline ?? undefined;
  }

  /** 佐证材料 for a task, into the ledger the sheet's stamp names. */
  attachEvidence(ledgerId: string, no: number, file: File) {
    return answerOf(attachEvidenceTo(this.client(), ledgerId, no, file), this.settings.url);
  }

  /** The reader's tasks in one ledger: what a pulled sheet is checked against before 提交. */
  tasksOf(ledgerId: string) {
    return answerOf(this.client().ledgers[':ledgerId'].tasks.$get({ param: { ledgerId } }), this.settings.url);
  }

  /** 督办单 on the reader's tasks in one ledger (the office's: all of them). */
  supervisions(ledgerId: string) {
    return answerOf(this.client().ledgers[':ledgerId'].supervision.$get({ param: { ledgerId } }), this.settings.url);
  }

  /** 签收 a 督办单, or 回复 it with the unit's answer. */
  answerSupervision(ledgerId: string, id: number, text?: string) {
    const notice = this.client().ledgers[':ledgerId'].supervision[':id'];
    const param = { ledgerId, id: String(id) };
    return answerOf(
      text === undefined ? notice.sign.$post({ param }) : notice.reply.$post({ param, json: { text } }),
      this.settings.url,
    );
  }

  /** A sheet's rows, into the ledger its stamp names. */
  submit(ledgerId: string, baseRevision: number, copy: string, rows: SubmissionRequest['rows']) {
    return answerOf(
      submitRowsTo(this.client(), ledgerId, { baseRevision, ...(copy ? { copy } : {}), rows }),
      this.settings.url,
    );
  }
}
