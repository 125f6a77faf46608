/** GET and PUT /api/settings: what the office sets for its county, with the defaults and the limits. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { SETTING_RANGES } from '../../../core/settings.ts';
import { readSettings, saveSettings } from '../../cases/settings.ts';
import { allow } from '../auth.ts';
import type { Env, RouteDeps } from './env.ts';
import { json, jsonBody, problems } from './schemas.ts';

const { evidenceRetentionDays: retention } = SETTING_RANGES;

const Settings = z
  .object({
    evidenceRetentionDays: z
      .number()
      .int()
      .min(retention.min, `${retention.label}至少为 ${retention.min} 天`)
      .max(retention.max, `${retention.label}至多为 ${retention.max} 天`)
      .openapi({ description: 'Days a removed evidence file is kept before its bytes are purged (default 30)' }),
  })
  .openapi('Settings');

const getSettings = createRoute({
  method: 'get',
  path: '/settings',
  summary: "The county's settings, defaults filled in — office",
  middleware: [allow('editSettings')] as const,
  responses: { 200: json(Settings), ...problems(403) },
});

const putSettings = createRoute({
  method: 'put',
  path: '/settings',
  summary: 'Change some of the settings; each change is logged — office',
  middleware: [allow('editSettings')] as const,
  request: { body: jsonBody(Settings.partial()) },
  responses: { 200: json(Settings), ...problems(400, 403) },
});

export const settingsRoutes = ({ county }: RouteDeps) =>
  new OpenAPIHono<Env>()
    .openapi(getSettings, async (c) => c.json(await readSettings(county.store), 200))
    .openapi(putSettings, async (c) => c.json(await saveSettings(county.store, c.req.valid('json'), c.var.actor), 200));
