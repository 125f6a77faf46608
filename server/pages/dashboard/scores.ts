/**
 * 通报评分 in the dashboard: the round's ranking (ties alike, each unit's points explained on
 * click, the formula beneath), the office's 加减分 with a reason, the Word 通报, and the rule
 * table the office edits (/api/scoring).
 */
import { answerOf, type ScoresAnswer } from '../../http/client.ts';
import { $, el, message, say } from '../dom.ts';
import { save } from './files.ts';
import { client, ledgerClient, ledgerParam } from './session.ts';

let shown: { roundId: string; judging: { today?: string } } | undefined;

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function ranking(scores: ScoresAnswer) {
  return scores.units.flatMap((u, i) => {
    const first = scores.rules.byKind && u.kind !== scores.units[i - 1]?.kind;
    const heading = first ? [el('h3', {}, `${u.kind}排名`)] : [];
    return [
      ...heading,
      el(
        'details',
        { class: 'score', 'data-unit': u.unit },
        el('summary', {}, el('b', {}, `第${u.rank}名`), ` ${u.unit}（${u.kind}） `, el('b', {}, `${u.score}分`)),
        el(
          'ul',
          {},
          ...u.reasons.map((r) =>
            el(
              'li',
              {},
              `${r.label}${r.count > 1 ? ` ×${r.count}` : ''}：${signed(r.points)}${r.detail ? `（${r.detail}）` : ''}`,
            ),
          ),
        ),
      ),
    ];
  });
}

export async function renderScores(judging: { today?: string }) {
  const { round } = await answerOf(ledgerClient().round.$get({ ...ledgerParam(), query: {} }));
  $('#scores-card').hidden = !round;
  if (!round) return;
  shown = { roundId: round.id, judging };
  const scores = await answerOf(
    ledgerClient().rounds[':id'].scores.$get({ param: { ...ledgerParam().param, id: round.id }, query: judging }),
  );
  $('#scores-title').textContent =
    `通报评分：${scores.round.period}${scores.frozen ? '（本轮已结束，得分已固定）' : `（按${scores.judgedOn}判定）`}`;
  $('#scores').replaceChildren(...ranking(scores));
  $('#scores-formula').textContent = scores.formula;
  $('#score-form').hidden = scores.frozen;
  // The board refreshes itself: the unit the office picked stays picked.
  const unit = $<HTMLSelectElement>('#score-unit');
  const picked = unit.value;
  unit.replaceChildren(...scores.units.map((u) => el('option', { value: u.unit }, u.unit)));
  if (scores.units.some((u) => u.unit === picked)) unit.value = picked;
}

async function showRules() {
  const table = await answerOf(client().scoring.$get());
  $('#scoring-fields').replaceChildren(
    ...table.items.map((item) =>
      el(
        'p',
        {},
        el('label', { for: `score-${item.key}` }, `${item.name}（默认${signed(item.default)}）`),
        ' ',
        el('input', {
          id: `score-${item.key}`,
          type: 'number',
          min: '-20',
          max: '20',
          step: '1',
          value: String(table.rules.points[item.key as keyof typeof table.rules.points]),
          required: '',
        }),
      ),
    ),
    el(
      'p',
      {},
      el(
        'label',
        {},
        el('input', { id: 'score-by-kind', type: 'checkbox', ...(table.rules.byKind ? { checked: '' } : {}) }),
        ' 部门和乡镇分别排名',
      ),
    ),
  );
  return table;
}

export function setUpScores(refresh: () => Promise<void>) {
  const box = $('#scores-message');
  const roundParam = () => ({ param: { ...ledgerParam().param, id: shown?.roundId ?? '' } });
  $('#notice-download').addEventListener('click', () =>
    save(
      ledgerClient().rounds[':id']['notice.docx'].$get({
        ...roundParam(),
        query: shown?.judging ?? {},
      }) as unknown as Promise<Response>,
      '通报.docx',
    ).catch((error) => say(box, message(error))),
  );
  $('#score-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await answerOf(
        ledgerClient().rounds[':id'].scores.adjustments.$post({
          ...roundParam(),
          json: {
            unit: $<HTMLSelectElement>('#score-unit').value,
            points: Number($<HTMLInputElement>('#score-points').value),
            reason: $<HTMLInputElement>('#score-reason').value,
          },
        }),
      );
      $<HTMLInputElement>('#score-reason').value = '';
      say(box, '已记录加减分。', 'ok');
      await refresh();
    } catch (error) {
      say(box, message(error));
    }
  });
  let table: Awaited<ReturnType<typeof showRules>> | undefined;
  $('#scoring-rules').addEventListener('toggle', async () => {
    if (!($('#scoring-rules') as HTMLDetailsElement).open) return;
    try {
      table = await showRules();
    } catch (error) {
      say(box, message(error));
    }
  });
  $('#scoring-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!table) return;
    const points = Object.fromEntries(
      table.items.map((item) => [item.key, Number($<HTMLInputElement>(`#score-${item.key}`).value)]),
    ) as typeof table.rules.points;
    try {
      await answerOf(
        client().scoring.$put({ json: { points, byKind: $<HTMLInputElement>('#score-by-kind').checked } }),
      );
      say(box, '评分规则已保存；已结束的月报得分不变。', 'ok');
      await refresh();
    } catch (error) {
      say(box, message(error));
    }
  });
}
