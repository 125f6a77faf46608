/**
 * The unit page's 佐证材料: what is attached to each task (one request for the whole page), a
 * picker to attach more, and 删除 beside the files the unit attached itself.
 */
import { answerOf, attachEvidenceTo, type ApiClient, type EvidenceAnswer } from '../../http/client.ts';
import { el, message } from '../dom.ts';
import { t } from './words.ts';

type EvidenceItem = EvidenceAnswer['evidence'][number];

/** The ledger the page shows, and the unit signed in. */
export interface PageLedger {
  client: ApiClient;
  ledgerId: string;
  unit?: string | null;
}

export class UnitEvidence {
  private files: EvidenceItem[] = [];

  constructor(
    private readonly where: () => PageLedger,
    private readonly problem: (error: unknown) => void,
  ) {}

  /** The files as the ledger's answers brought them. */
  keep(files: EvidenceItem[]) {
    this.files = files;
  }

  async load() {
    const { client, ledgerId } = this.where();
    ({ evidence: this.files } = await answerOf(client.ledgers[':ledgerId'].evidence.$get({ param: { ledgerId } })));
    this.show();
  }

  show() {
    const { unit } = this.where();
    for (const list of document.querySelectorAll<HTMLElement>('ul.evidence')) {
      list.replaceChildren(
        ...this.files
          .filter((e) => String(e.no) === list.dataset.task)
          .map((e) =>
            el(
              'li',
              {},
              t('attached', { name: e.name, size: `${Math.ceil(e.size / 1024)} KB`, unit: e.unit || t('office') }),
              ...(e.unit && e.unit === unit ? [this.removeButton(e)] : []),
            ),
          ),
      );
    }
  }

  /** 删除 beside a file the unit attached itself (while its round is open; the service says otherwise). */
  private removeButton(file: EvidenceItem) {
    return el(
      'button',
      {
        type: 'button',
        class: 'link remove',
        'aria-label': t('removeFile', { name: file.name }),
        onclick: async () => {
          if (!confirm(t('removeFile', { name: file.name }))) return;
          try {
            const { client, ledgerId } = this.where();
            await answerOf(
              client.ledgers[':ledgerId'].evidence[':id'].$delete({ param: { ledgerId, id: String(file.id) } }),
            );
            await this.load();
          } catch (error) {
            this.problem(error);
          }
        },
      },
      t('remove'),
    );
  }

  /** 佐证材料 of a task: what is attached, and a picker to attach more (each file goes up on its own). */
  box(no: number) {
    const input = el('input', {
      type: 'file',
      id: `evidence-${no}`,
      multiple: '',
      accept: 'image/*,.pdf,.doc,.docx,.xls,.xlsx',
    }) as HTMLInputElement;
    // Each file picked keeps its own line: what went up, and why any did not.
    const log = el('ul', { class: 'attach-log', role: 'status' });
    input.addEventListener('change', async () => {
      const picked = [...(input.files ?? [])];
      input.value = '';
      const lines = picked.map((file) => el('li', { class: 'muted' }, t('attaching', { name: file.name })));
      log.replaceChildren(...lines);
      for (const [i, file] of picked.entries()) {
        try {
          const { client, ledgerId } = this.where();
          await answerOf(attachEvidenceTo(client, ledgerId, no, file));
          lines[i]!.textContent = t('attachedOk', { name: file.name });
          lines[i]!.className = 'ok';
        } catch (error) {
          lines[i]!.textContent = t('attachFailed', { name: file.name, why: message(error) });
          lines[i]!.className = 'error';
        }
      }
      await this.load().catch(this.problem);
    });
    return el(
      'div',
      {},
      el('label', { for: `evidence-${no}` }, t('evidence')),
      input,
      log,
      el('ul', { class: 'evidence', 'data-task': String(no) }),
    );
  }
}
