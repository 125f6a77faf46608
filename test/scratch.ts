import { testService } from './helpers/service.ts';
const s = await testService();
for (const p of [
  '/api/tasks?today=2019-13-01',
  '/api/master.xlsx?today=2019-13-01',
  '/api/units?today=2019-13-01',
  '/api/chase?today=2019-13-01',
  '/api/ledgers?today=2019-13-01',
  '/api/rounds?today=2019-13-01',
  '/api/tasks?today=2019-02-30',
]) {
  const r = await s.asOffice(p);
  console.log(p, r.status, (await r.text()).slice(0, 150));
}
await s.close();
