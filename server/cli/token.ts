/**
 * ledger token <unit> [--revoke-others]: a new token for a unit (one more device), printed once,
 * alone on the last line, after its sign-in link. The unit's other tokens stay valid unless
 * --revoke-others.
 */
import { signInLink } from '../http/routes/county.ts';
import { openCounty } from '../cases/open-county.ts';

export async function tokenCommand(
  unit: string,
  options: { revokeOthers: boolean; publicUrl: string },
  out: (line: string) => void,
): Promise<number> {
  const { county } = await openCounty();
  try {
    if (!county.unitNamed(unit)) {
      const r = county.registry.resolve(unit);
      const hint = r.kind === 'unknown' && r.suggestion ? `是否应为“${r.suggestion}”？` : '';
      out(`“${unit}”不是本县单位名册中的单位。${hint}Not a unit of the county.`);
      return 2;
    }
    const canonical = county.unitNamed(unit)!;
    const { token } = await county.issueUnitAccess(
      canonical,
      { kind: 'office', person: '命令行' },
      { revokeOthers: options.revokeOthers, label: '命令行' },
    );
    out(
      `${canonical}的新令牌（只显示这一次${options.revokeOthers ? '；旧令牌已作废' : ''}）/ new token for ${canonical} (shown once):`,
    );
    out(`登录链接 sign-in link: ${signInLink(options.publicUrl, token)}`);
    out(token);
    return 0;
  } finally {
    await county.close();
  }
}
