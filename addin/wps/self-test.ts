/**
 * The self-test page inside real WPS 表格: runs the host checks (self-test-checks.ts) on a
 * scratch workbook it closes unsaved afterwards, shows each result, and reports them to the
 * service for the office's record.
 */
import './legacy.ts';
import registryData from '../../seeds/registry.json';
import { todayIso } from '../../core/deadline.ts';
import { createRegistry, type RegistryData } from '../../core/registry.ts';
import { tokenOf } from '../../core/sign-in.ts';
import { LedgerApi } from '../api.ts';
import { loadServiceSettings, saveServiceSettings } from '../stores.ts';
import { read, type EtApplication } from './et.ts';
import { runOnScratchWorkbook, type CheckResult } from './self-test-checks.ts';
import { wpsApplication, wpsEvents, wpsVersion } from './wps-app.ts';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
const EDIT_WAIT_MS = 60_000;

/** The system, as the browser inside WPS names it: 统信UOS and 麒麟 say Linux with their own words. */
function systemName(): string {
  const agent = navigator.userAgent;
  const known = /UOS|Kylin|Deepin|Windows NT [\d.]+|Mac OS X [\d_]+/i.exec(agent)?.[0];
  return known ? `${known} (${navigator.platform})` : navigator.platform || agent;
}

/** Waits for the clerk to type into `address` of `sheet`; resolves either way after a minute. */
function clerkTypes(sheet: string, address: string): Promise<void> {
  const ask = $('#ask');
  ask.hidden = false;
  ask.textContent = `请在临时工作簿“${sheet}”表的 ${address} 单元格里输入任意文字并按回车（一分钟内）。`;
  return new Promise((resolve) => {
    const done = () => {
      ask.hidden = true;
      resolve();
    };
    const timer = setTimeout(done, EDIT_WAIT_MS);
    wpsEvents()?.AddApiEventListener('SheetChange', (changed, target) => {
      const where = read<string>(target, 'Address').replace(/\$/g, '');
      if (read<string>(changed, 'Name') === sheet && where.startsWith(address)) {
        clearTimeout(timer);
        // The host's own listener runs after this one: give it a turn.
        setTimeout(done, 0);
      }
    });
  });
}

function show(results: CheckResult[]) {
  $('#results').replaceChildren(
    ...results.map((r) => {
      const item = document.createElement('li');
      item.className = r.passed ? 'ok' : 'error';
      item.textContent = `${r.passed ? '✓' : '✗'} ${r.label}（${r.name}）${r.detail ? `：${r.detail}` : ''}`;
      return item;
    }),
  );
}

async function run(app: EtApplication) {
  const status = $('#status');
  const token = tokenOf($<HTMLInputElement>('#token').value);
  if (token) saveServiceSettings({ token });
  $<HTMLButtonElement>('#run').disabled = true;
  status.textContent = '正在自检……';
  const results = await runOnScratchWorkbook(app, wpsEvents(), {
    registry: createRegistry(registryData as RegistryData),
    today: todayIso(),
    clerkTypes,
  });
  show(results);
  const failed = results.filter((r) => !r.passed).length;
  const summary = failed ? `${failed} 项未通过，请把本页截图发给技术人员。` : '全部通过。';
  try {
    await new LedgerApi(loadServiceSettings()).reportSelfTest({
      version: wpsVersion(app),
      system: systemName(),
      checks: results,
    });
    status.textContent = `${summary}结果已报给办公室。`;
  } catch (error) {
    status.textContent = `${summary}结果没有报上去：${error instanceof Error ? error.message : String(error)}`;
  } finally {
    $<HTMLButtonElement>('#run').disabled = false;
  }
}

const app = wpsApplication();
$('#system').textContent = systemName();
$<HTMLInputElement>('#token').value = loadServiceSettings().token;
if (!app) {
  $('#outside').hidden = false;
  $<HTMLButtonElement>('#run').disabled = true;
} else {
  $('#version').textContent = wpsVersion(app) || '（WPS 没有给出版本号）';
  $('#run-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void run(app);
  });
}
