/**
 * The checks of manifest.xml that need no published schema: the elements Office requires, every
 * address on the one origin the service serves, and the requirement sets the pane declares.
 */
import { PANE_API_SETS } from '../addin/requirements.ts';

const REQUIRED: [string, RegExp][] = [
  ['Id (a GUID)', /<Id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/Id>/i],
  ['Version (n.n.n.n)', /<Version>\d+\.\d+\.\d+\.\d+<\/Version>/],
  ['ProviderName', /<ProviderName>[^<]+<\/ProviderName>/],
  ['DefaultLocale', /<DefaultLocale>[a-z]{2}-[A-Z]{2}<\/DefaultLocale>/],
  ['DisplayName', /<DisplayName DefaultValue="[^"]+"/],
  ['Description', /<Description DefaultValue="[^"]+"/],
  ['IconUrl', /<IconUrl DefaultValue="https:\/\/[^"]+"/],
  ['HighResolutionIconUrl', /<HighResolutionIconUrl DefaultValue="https:\/\/[^"]+"/],
  ['SupportUrl', /<SupportUrl DefaultValue="https:\/\/[^"]+"/],
  ['Host Workbook', /<Host Name="Workbook"\/>/],
  ['SourceLocation of the task pane', /<SourceLocation DefaultValue="https:\/\/[^"]+\/addin\/taskpane\.html"\/>/],
  ['Permissions ReadWriteDocument', /<Permissions>ReadWriteDocument<\/Permissions>/],
];

/** What is wrong with the manifest, in words; empty when nothing is. */
export function checkManifest(xml: string): string[] {
  const problems = REQUIRED.filter(([, pattern]) => !pattern.test(xml)).map(
    ([name]) => `缺少或写错了 ${name}。Missing or malformed: ${name}.`,
  );
  const addresses = [...xml.matchAll(/(?:DefaultValue="|<AppDomain>)(https?:\/\/[^"<\s]+)/g)].map((m) => m[1]!);
  const origins = new Set(addresses.map((a) => new URL(a).origin));
  if (origins.size !== 1)
    problems.push(
      `清单中的地址应都在服务的同一个地址上，现有：${[...origins].join('、')}。Every URL must be on the service's one origin.`,
    );
  for (const [set, version] of Object.entries(PANE_API_SETS)) {
    const declared = new RegExp(`<Set Name="${set}" MinVersion="([\\d.]+)"`).exec(xml)?.[1];
    if (declared !== version)
      problems.push(
        `清单声明的 ${set} 版本（${declared ?? '无'}）与加载项所需的 ${version} 不一致。${set} must be declared at ${version}.`,
      );
  }
  return problems;
}
