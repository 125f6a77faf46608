/** ledger token <unit>: a new token for a unit, printed once, alone on the last line; the old one stops working. */
import { issueUnitToken } from '../auth.ts';
import { openLedger } from '../open-ledger.ts';

export function tokenCommand(unit: string, out: (line: string) => void): number {
  const { ledger } = openLedger();
  try {
    const canonical = ledger.unitNamed(unit);
    if (!canonical) {
      const r = ledger.registry.resolve(unit);
      const hint = r.kind === 'unknown' && r.suggestion ? `是否应为“${r.suggestion}”？` : '';
      out(`“${unit}”不是本台账的单位。${hint}Not a unit of this ledger.`);
      return 2;
    }
    const token = issueUnitToken(ledger, canonical);
    out(
      `${canonical}的新令牌（旧令牌已作废，只显示这一次）/ new token for ${canonical} (old one revoked, shown once):`,
    );
    out(token);
    return 0;
  } finally {
    ledger.store.close();
  }
}
