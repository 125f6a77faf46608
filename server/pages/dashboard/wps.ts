/**
 * WPS 加载项 in the dashboard: where a county's IT installs the WPS add-in (on PUBLIC_URL), and
 * the dated record of what its self-test found on each PC that ran it.
 */
import { answerOf } from '../../http/client.ts';
import { $, el, message, say, when } from '../dom.ts';
import { client } from './session.ts';

async function show() {
  const [health, { records }] = await Promise.all([
    answerOf(client().health.$get()),
    answerOf(client().wps['self-tests'].$get()),
  ]);
  const origin = 'publicUrl' in health ? health.publicUrl.replace(/\/$/, '') : location.origin;
  const publish = $<HTMLAnchorElement>('#wps-publish');
  publish.href = `${origin}/wps/publish.html`;
  publish.textContent = publish.href;
  $('#wps-jsplugins').textContent = `${origin}/wps/jsplugins.xml`;
  $('#wps-records tbody').replaceChildren(
    ...(records.length
      ? records.map((r) =>
          el(
            'tr',
            {},
            el('td', {}, when(r.at)),
            el('td', {}, r.by),
            el('td', {}, r.version || '—'),
            el('td', {}, r.system),
            el(
              'td',
              { class: r.failed ? 'error' : 'ok' },
              r.failed ? `${r.failed} 项未通过，${r.passed} 项通过` : `全部 ${r.passed} 项通过`,
              ...r.checks
                .filter((c) => !c.passed)
                .map((c) => el('div', { class: 'muted' }, `${c.label}（${c.name}）${c.detail ? `：${c.detail}` : ''}`)),
            ),
          ),
        )
      : [el('tr', {}, el('td', { colspan: '5', class: 'muted' }, '还没有电脑报来自检结果。'))]),
  );
}

export function setUpWps() {
  $('#wps-open').addEventListener('click', async () => {
    $('#wps').hidden = !$('#wps').hidden;
    if ($('#wps').hidden) return;
    try {
      say($('#wps-message'), '');
      await show();
    } catch (error) {
      say($('#wps-message'), message(error));
    }
  });
}
