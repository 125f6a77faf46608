/**
 * The publish page's one-click install: WPS Office runs a small service on the PC
 * (127.0.0.1:58890) that adds an online add-in to the user's list; WPS asks the clerk to trust it
 * when WPS 表格 next starts. The service's protocol: JSON, base64 in a JSON envelope with the
 * page's id from service version 1.0.2 on.
 */
import './legacy.ts';
import { uuidOf } from '../../core/uuid.ts';

const LOCAL = 'http://127.0.0.1:58890';
const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
const { addinUrl = '', name = '', version = '' } = document.body.dataset;

/** This page's id with the local service, kept on the PC. */
function serverId(): string {
  let id = localStorage.getItem('wps-server-id');
  if (!id) {
    id = uuidOf(crypto.getRandomValues(new Uint8Array(16)));
    localStorage.setItem('wps-server-id', id);
  }
  return id;
}

let serviceVersion = '';

function envelope(data: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(data));
  const base64 = btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
  return serviceVersion >= '1.0.2' ? JSON.stringify({ serverId: serverId(), data: base64 }) : base64;
}

async function post(path: string, body: string): Promise<string> {
  const answer = await fetch(`${LOCAL}${path}`, { method: 'POST', body });
  if (!answer.ok) throw new Error(`${path}: ${answer.status}`);
  return answer.text();
}

interface Installed {
  name: string;
  addonType: string;
  url: string;
}

async function installed(): Promise<Installed | undefined> {
  const listed = serviceVersion >= '1.0.2' ? JSON.stringify({ serverId: serverId() }) : '';
  const list = JSON.parse(await post('/publishlist', listed)) as Installed[];
  return list.find((a) => a.name === name && a.addonType === 'et');
}

async function showInstalled() {
  const local = $('#local');
  try {
    serviceVersion = (await post('/version', JSON.stringify({ serverId: serverId() }))).trim();
    const found = await installed();
    local.textContent = !found
      ? '已连接本机的 WPS，还没有安装整改台账加载项。'
      : found.url === addinUrl
        ? '已安装整改台账加载项。'
        : `已安装，但地址是旧的（${found.url}）：请点“安装到本机 WPS”改成现在的地址。`;
    $<HTMLButtonElement>('#install').disabled = false;
    $<HTMLButtonElement>('#remove').disabled = !found;
  } catch {
    local.textContent =
      '没有连上本机的 WPS：请先安装并打开一次 WPS Office（政务版或企业版），再刷新本页；或请信息中心按下面的办法统一部署。';
  }
}

async function command(cmd: 'enable' | 'disable') {
  const result = $('#result');
  try {
    const answer = await post(
      '/deployaddons/runParams',
      envelope({ cmd, name, url: addinUrl, addonType: 'et', online: 'true', version }),
    );
    if (answer.trim() !== '' && answer.trim() !== 'OK') throw new Error(answer);
    result.textContent =
      cmd === 'enable'
        ? '已安装。请关闭并重新打开 WPS 表格，在提示信任加载项时点“允许”。'
        : '已卸载。重新打开 WPS 表格后，“整改台账”选项卡就不在了。';
  } catch (error) {
    result.textContent = `没有成功：${error instanceof Error ? error.message : String(error)}。请确认 WPS 已打开，再试一次。`;
  }
  await showInstalled();
}

$('#install').addEventListener('click', () => void command('enable'));
$('#remove').addEventListener('click', () => void command('disable'));
void showInstalled();
