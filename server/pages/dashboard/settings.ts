/** 设置 in the dashboard: what the office sets for its county, one field per setting, through /api/settings. */
import { type OfficeSettings, SETTING_RANGES } from '../../../core/settings.ts';
import { answerOf } from '../../http/client.ts';
import { $, el, message, say } from '../dom.ts';
import { client } from './session.ts';

const KEYS = Object.keys(SETTING_RANGES) as (keyof OfficeSettings)[];

function show(settings: OfficeSettings) {
  $('#settings-fields').replaceChildren(
    ...KEYS.map((key) => {
      const { min, max, label } = SETTING_RANGES[key];
      return el(
        'p',
        {},
        el('label', { for: `setting-${key}` }, label),
        ' ',
        el('input', {
          id: `setting-${key}`,
          type: 'number',
          min: String(min),
          max: String(max),
          step: '1',
          value: String(settings[key]),
          required: '',
        }),
      );
    }),
  );
}

export function setUpSettings() {
  const box = $('#settings-message');
  $('#settings-open').addEventListener('click', async () => {
    $('#settings').hidden = !$('#settings').hidden;
    if ($('#settings').hidden) return;
    try {
      show(await answerOf(client().settings.$get()));
    } catch (error) {
      say(box, message(error));
    }
  });
  $('#settings-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const json = Object.fromEntries(KEYS.map((key) => [key, Number($<HTMLInputElement>(`#setting-${key}`).value)]));
    try {
      show(await answerOf(client().settings.$put({ json })));
      say(box, '已保存。', 'ok');
    } catch (error) {
      say(box, message(error));
    }
  });
}
