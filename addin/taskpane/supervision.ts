/**
 * The pane's 督办单 band: the notices on the unit's tasks not yet closed, each with 签收 or 回复 as
 * its state allows, and the office's reason when it returned an answer. Hidden when there are none.
 */
import type { LedgerApi } from '../api.ts';
import { chineseOnly, say, type Language } from '../i18n.ts';
import { $, el } from './dom.ts';

type Notice = Awaited<ReturnType<LedgerApi['supervisions']>>['supervisions'][number];

export async function showSupervision(api: LedgerApi, ledgerId: string, language: Language) {
  const { supervisions } = await api.supervisions(ledgerId);
  const open = supervisions.filter((s) => s.state !== '已办结');
  const box = $('#supervision');
  box.hidden = open.length === 0;
  const said = el('p', { role: 'status', class: 'muted' });
  const answer = async (notice: Notice, text?: string) => {
    try {
      await api.answerSupervision(ledgerId, notice.id, text);
      await showSupervision(api, ledgerId, language);
      $('#supervision-said').textContent = say(text === undefined ? 'signed' : 'replied', language).replace(
        '{title}',
        notice.title,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      said.textContent = language === 'zh' ? chineseOnly(message) : message;
    }
  };
  box.replaceChildren(
    el('h2', {}, `${say('supervision', language)}（${open.length}）`),
    ...open.map((notice) => noticeOf(notice, language, answer)),
    Object.assign(said, { id: 'supervision-said' }),
  );
}

function noticeOf(notice: Notice, language: Language, answer: (notice: Notice, text?: string) => Promise<void>) {
  const returned =
    notice.state === '待回复' ? [...notice.trail].reverse().find((step) => step.action === '退回') : undefined;
  const reply = el('textarea', { rows: '3', 'aria-label': say('replyHelp', language) }) as HTMLTextAreaElement;
  reply.placeholder = say('replyHelp', language);
  const button = (word: 'sign' | 'reply', onclick: () => void) => {
    const b = el('button', { type: 'button', 'data-notice': String(notice.id) }, say(word, language));
    b.addEventListener('click', onclick);
    return b;
  };
  return el(
    'div',
    { class: 'notice', 'data-state': notice.state },
    el(
      'h3',
      {},
      `${notice.title}（${notice.level}）序号${notice.no}：${notice.state}${notice.late ? `，${notice.late}` : ''}`,
    ),
    el('p', {}, `${say('demand', language)}${notice.demand}`),
    ...(returned ? [el('p', { class: 'problem' }, `${say('returned', language)}${returned.text ?? ''}`)] : []),
    el(
      'p',
      { class: 'muted' },
      say('noticeDue', language).replace('{sign}', notice.signBy).replace('{reply}', notice.replyBy),
    ),
    ...(notice.state === '待签收'
      ? [button('sign', () => void answer(notice))]
      : notice.state === '待回复'
        ? [reply, button('reply', () => void answer(notice, reply.value))]
        : []),
  );
}
