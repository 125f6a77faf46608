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
