/**
 * HTTPS for the add-in: Office loads task panes only over HTTPS. office-addin-dev-certs makes a
 * localhost certificate and its CA; on Linux it cannot trust the CA without sudo and throws
 * after making the files, so we use the files it made and say how to trust the CA.
 */
import { existsSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as devCerts from 'office-addin-dev-certs';

export interface Tls {
  key: Buffer;
  cert: Buffer;
  caPath: string;
}

/** Where office-addin-dev-certs writes its files (its defaults; the package does not export them). */
const DIR = join(homedir(), '.office-addin-dev-certs');
const PATHS = { ca: join(DIR, 'ca.crt'), cert: join(DIR, 'localhost.crt'), key: join(DIR, 'localhost.key') };

function usable(): boolean {
  if (![PATHS.ca, PATHS.cert, PATHS.key].every(existsSync)) return false;
  return Date.parse(new X509Certificate(readFileSync(PATHS.cert)).validTo) > Date.now() + 86_400_000;
}

/** The certificate and key, made when missing or about to expire; undefined when they cannot be made. */
export async function localhostTls(log: (line: string) => void): Promise<Tls | undefined> {
  if (!usable()) {
    try {
      await devCerts.ensureCertificatesAreInstalled();
    } catch (error) {
      if (!usable()) {
        log(
          `无法生成 HTTPS 证书，改用 HTTP（Office 加载项需要 HTTPS）。Could not make HTTPS certificates: ${(error as Error).message}`,
        );
        return undefined;
      }
      log(
        `已生成 HTTPS 证书，但未能自动信任其根证书（${(error as Error).message.trim()}）。请按 README“信任开发证书”一节把 ${PATHS.ca} 加入受信任的根证书。` +
          `The CA was made but not trusted; trust ${PATHS.ca} as the README says.`,
      );
    }
  }
  return { key: readFileSync(PATHS.key), cert: readFileSync(PATHS.cert), caPath: PATHS.ca };
}
