/** 佐证材料 in the dashboard: a task's files listed, its archive (一问题一档案) and the round's evidence downloaded. */
import { answerOf } from '../../http/client.ts';
import { $, el, message, when } from '../dom.ts';
import { save } from './files.ts';
import { ledgerClient, ledgerParam } from './session.ts';

/** One evidence file as a link: it opens the file (a download) without the task's whole archive. */
export function evidenceLink(e: { id: number; name: string; unit: string }) {
  return el(
    'a',
    {
      href: '#',
      class: 'evidence-file',
      onclick: (event) => {
        event.preventDefault();
        void save(
          ledgerClient().evidence[':id'].$get({
            param: { ...ledgerParam().param, id: String(e.id) },
          }) as unknown as Promise<Response>,
          e.name,
        ).catch((error) => alert(message(error)));
      },
    },
    `${e.unit || '办公室'}：${e.name}`,
  );
}

export function setUpEvidence() {
  const task = () => ({ param: { ...ledgerParam().param, no: $<HTMLInputElement>('#evidence-task').value } });
  $('#evidence-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const { evidence } = await answerOf(ledgerClient().tasks[':no'].evidence.$get(task()));
      $('#evidence-list').replaceChildren(
        ...(evidence.length
          ? evidence.map((e) =>
              el('li', {}, evidenceLink(e), `（${Math.ceil(e.size / 1024)} KB，${when(e.uploadedAt)}）`),
            )
          : [el('li', { class: 'muted' }, '这项任务还没有佐证材料。')]),
      );
    } catch (error) {
      $('#evidence-list').replaceChildren(el('li', { class: 'error' }, message(error)));
    }
  });
  $('#evidence-zip').addEventListener('click', () =>
    save(
      ledgerClient().tasks[':no']['evidence.zip'].$get(task()) as unknown as Promise<Response>,
      '任务档案.zip',
    ).catch((e) => alert(message(e))),
  );
  $('#evidence-round').addEventListener('click', () =>
    save(
      ledgerClient()['evidence.zip'].$get({ ...ledgerParam(), query: {} }) as unknown as Promise<Response>,
      '佐证材料.zip',
    ).catch((e) => alert(message(e))),
  );
}
