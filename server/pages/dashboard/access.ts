/** 单位登录链接: issue each unit its sign-in link (with a QR code to print and send), revoke, office accounts. */
import QRCode from 'qrcode';
import { type AccessAnswer, answerOf, type HealthAnswer } from '../../http/client.ts';
import { $, el, message, say, when } from '../dom.ts';
import { client } from './session.ts';

type Access = AccessAnswer['access'][number];

async function linkCard(unit: string, link: string) {
  const svg = await QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const image = el('img', {
    src: `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`,
    alt: `${unit}的登录二维码`,
    width: '132',
    height: '132',
  });
  // Printed and handed to the unit: worded for the person who receives it.
  const ledger = $<HTMLSelectElement>('#ledger').selectedOptions[0]?.textContent ?? '';
  const round = $('#round-info').dataset.deadline ?? '';
  return el(
    'div',
    { class: 'link-card', 'data-unit': unit },
    el('h3', {}, `${unit} · 本单位填报链接`),
    el('p', { class: 'muted' }, [ledger, round].filter(Boolean).join('；')),
    image,
    el('p', {}, '用微信扫一扫打开，或在浏览器中打开下面的地址。请勿转发给其他单位。'),
    el('p', { class: 'link' }, link),
    el('p', { class: 'muted screen-only' }, '此链接只显示一次；丢失后请办公室重新生成。'),
  );
}

async function showAccess() {
  const { access } = await answerOf(client().access.$get());
  $('#access-list tbody').replaceChildren(
    ...access.map((a) =>
      el(
        'tr',
        { 'data-access': String(a.id) },
        el('td', {}, holder(a)),
        el('td', {}, a.label),
        el('td', {}, `${when(a.issued_at)}（${a.issued_by}）`),
        el('td', {}, a.revoked_at ? `已作废 ${when(a.revoked_at)}` : '有效'),
        el('td', {}, a.revoked_at ? '' : el('button', { type: 'button', onclick: () => void revoke(a) }, '作废')),
      ),
    ),
  );
}

const holder = (a: Access) => (a.kind === 'unit' ? a.unit : `办公室·${a.person || '服务设置'}`);

/** Says whom it cuts off, and asks first. */
async function revoke(a: Access) {
  const device = a.label ? `（${a.label}）` : '';
  const cut =
    a.kind === 'unit'
      ? `${a.unit}用这个链接${device}登录的设备将立即无法填报，需要重新发链接。`
      : a.person
        ? `办公室人员${a.person}将立即无法登录工作台。`
        : '用服务设置中的办公室令牌登录的人将立即无法登录（服务重启时会重新启用该令牌）。';
  if (!confirm(`作废“${holder(a)}”的令牌？${cut}`)) return;
  try {
    await answerOf(client().access[':id'].revoke.$post({ param: { id: String(a.id) } }));
    await showAccess();
  } catch (error) {
    say($('#access-message'), `作废失败：${message(error)}`);
  }
}

/** Links name PUBLIC_URL; without it they name this machine only, and the office should know before sending them. */
async function showAddress() {
  const health = (await (await fetch('/api/health')).json()) as HealthAnswer;
  const note = $('#access-address');
  note.hidden = health.publicUrlSet;
  note.textContent =
    `服务没有设置对外地址（PUBLIC_URL）：链接和二维码使用 ${health.publicUrl}，其他单位的电脑和手机可能打不开。` +
    '请管理员把 PUBLIC_URL 设为各单位能访问的地址（如 https://dcb.example.gov.cn）后重启服务，再生成链接。';
}

export function setUpAccess() {
  const box = $('#access-message');
  $('#access-open').addEventListener('click', async () => {
    $('#access').hidden = !$('#access').hidden;
    if (!$('#access').hidden)
      await Promise.all([showAccess(), showAddress()]).catch((error) => say(box, message(error)));
  });
  $('#access-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const units = $<HTMLTextAreaElement>('#access-units')
        .value.split(/[\n、，,]+/)
        .map((u) => u.trim())
        .filter(Boolean);
      const revokeOthers = $<HTMLInputElement>('#access-revoke').checked;
      const cards = [];
      for (const unit of units) {
        const issued = await answerOf(client().access.units.$post({ json: { unit, revokeOthers, label: '工作台' } }));
        cards.push(await linkCard(issued.unit, issued.link));
      }
      $('#access-links').replaceChildren(...cards);
      say(box, `已生成 ${cards.length} 个登录链接，可打印后分发。`, 'ok');
      await showAccess();
    } catch (error) {
      say(box, `生成失败：${message(error)}`);
    }
  });
  $('#access-print').addEventListener('click', () => window.print());
  $('#office-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const person = $<HTMLInputElement>('#office-person').value.trim();
      const issued = await answerOf(client().access.office.$post({ json: { person } }));
      say(box, `${person}的办公室令牌（只显示这一次）：${issued.token}`, 'ok');
      await showAccess();
    } catch (error) {
      say(box, `生成失败：${message(error)}`);
    }
  });
}
