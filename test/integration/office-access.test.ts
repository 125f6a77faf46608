/** The office cannot lock itself out: the last office access stays, and the configured token is re-admitted at start. */
import { describe, expect, it } from 'vitest';
import { openCounty } from '../../server/open-county.ts';
import { OFFICE_TOKEN, servicePerTest } from '../helpers/service.ts';

const service = servicePerTest();

describe('office access', () => {
  it('refuses to revoke the last office access, and says why', async () => {
    const s = service();
    const { access } = await (await s.asOffice('/api/access')).json();
    const configured = access.find((a: { kind: string; person: string }) => a.kind === 'office' && !a.person);
    const res = await s.asOffice(`/api/access/${configured.id}/revoke`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain('最后一个有效的令牌');
    expect((await s.asOffice('/api/ledgers')).status).toBe(200);
  });

  it('re-admits the configured token at the next start after it was revoked beside another office account', async () => {
    const s = service();
    const person = await (await s.asOffice('/api/access/office', s.json({ person: '王科员' }))).json();
    const { access } = await (await s.asOffice('/api/access')).json();
    const configured = access.find((a: { kind: string; person: string }) => a.kind === 'office' && !a.person);
    expect((await s.asOffice(`/api/access/${configured.id}/revoke`, { method: 'POST' })).status).toBe(200);
    expect((await s.asOffice('/api/ledgers')).status).toBe(401);
    s.county.close();

    const { county } = openCounty(s.dir, false);
    try {
      expect(() => county.setConfiguredOfficeToken(OFFICE_TOKEN)).not.toThrow();
      expect(county.actorForToken(OFFICE_TOKEN)).toMatchObject({ kind: 'office' });
      expect(county.actorForToken(person.token)).toMatchObject({ kind: 'office', person: '王科员' });
    } finally {
      county.close();
    }
  });
});

describe('the roster', () => {
  it("refuses an alias that is another unit's name with 422 naming both, saving nothing", async () => {
    const s = service();
    const roster = await (await s.asOffice('/api/roster')).json();
    const edited = structuredClone(roster);
    const office = edited.units.find((u: { name: string }) => u.name === '县委办公室');
    office.aliases = [...(office.aliases ?? []), '县纪委监委'];
    const res = await s.asOffice('/api/roster', { ...s.json(edited), method: 'PUT' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toContain('“县纪委监委”既是“县委办公室”的别称，又是“县纪委监委”的名称');
    expect(await (await s.asOffice('/api/roster')).json()).toEqual(roster);
    const link = await (await s.asOffice('/api/access/units', s.json({ unit: '县纪委监委' }))).json();
    expect(link.unit).toBe('县纪委监委');
  });
});
