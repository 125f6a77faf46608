/**
 * The WPS add-in as WPS 表格 and a county's IT fetch it, at /wps/: the add-in's own files
 * (ribbon.xml, main.js, index.html, manifest.xml, the pane and the self-test), the publish page
 * that installs it on a PC, and jsplugins.xml for oem.ini. Every address in them is PUBLIC_URL's.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** The built WPS add-in (webpack's output). */
export const WPS_DIR = fileURLToPath(new URL('../../dist/wps/', import.meta.url));

/** Its name and version as WPS lists it: the same in jsplugins.xml, the publish page and manifest.xml. */
export const WPS_ADDIN = { name: 'rectification-ledger', version: '0.1.0' } as const;

/** Where the built files name the service: replaced by PUBLIC_URL when served. */
const BUILT_ORIGIN = 'https://localhost:3000';

/** The local service WPS runs on each PC, which the publish page asks to install the add-in. */
const WPS_LOCAL = ['http://127.0.0.1:58890', 'http://localhost:58890'];

export function jspluginsXml(publicUrl: string): string {
  const url = `${publicUrl.replace(/\/$/, '')}/wps/`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<jsplugins>',
    `  <jspluginonline name="${WPS_ADDIN.name}" type="et" url="${url}" version="${WPS_ADDIN.version}"/>`,
    '</jsplugins>',
    '',
  ].join('\n');
}

export function wpsAddinRoutes({ wpsDir = WPS_DIR, publicUrl }: { wpsDir?: string; publicUrl: string }) {
  const origin = publicUrl.replace(/\/$/, '');
  return (
    new Hono()
      .use(
        '*',
        secureHeaders({
          // WPS shows the pane in its own window; whether a build frames it is not known.
          xFrameOptions: false,
          contentSecurityPolicy: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'", "'unsafe-inline'"],
            imgSrc: ["'self'", 'data:'],
            connectSrc: ["'self'", ...WPS_LOCAL],
          },
        }),
      )
      // WPS fetches ribbon.xml and manifest.xml each time WPS 表格 starts: a new build reaches every PC at once.
      .use('*', async (c, next) => {
        await next();
        c.header('Cache-Control', 'no-cache');
      })
      .get('/jsplugins.xml', (c) => {
        c.header('Content-Type', 'application/xml; charset=utf-8');
        return c.body(jspluginsXml(origin));
      })
      .get('/publish.html', async (c) => {
        const page = await readFile(`${wpsDir}/publish.html`, 'utf8');
        return c.html(page.replaceAll(BUILT_ORIGIN, origin));
      })
      .use('*', serveStatic({ root: wpsDir, rewriteRequestPath: (p) => p.replace(/^\/wps/, '') }))
  );
}
