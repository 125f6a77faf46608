/** GET and PUT /api/settings: what the office sets for its county, with the defaults and the limits. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { SETTING_RANGES } from '../../../core/settings.ts';
import { readSettings, saveSettings } from '../../cases/settings.ts';
import { allow } from '../auth.ts';
import type { Env, RouteDeps } from './env.ts';
import { json, jsonBody, problems } from './schemas.ts';

/** A whole number within its range, refused in the office's words. */
const ranged = (key: keyof typeof SETTING_RANGES, about: string) => {
  const { min, max, label } = SETTING_RANGES[key];
  return z
    .number()
    .int(`${label}应为整数`)
    .min(min, `${label}至少为 ${min}`)
    .max(max, `${label}至多为 ${max}`)
    .openapi({ description: about });
};

const Settings = z
  .object({
    evidenceRetentionDays: ranged('evidenceRetentionDays', 'Days a removed evidence file is kept (30)'),
    alertFirst: ranged('alertFirst', '预警 level 1: working days before a milestone, first warning (7)'),
    alertSecond: ranged('alertSecond', '预警 level 1: working days before a milestone, second warning (3)'),
    alertOverdueEvery: ranged('alertOverdueEvery', '预警 level 3 again every this many working days (5)'),
    alertDigestHour: ranged('alertDigestHour', 'The hour, county time, the daily digest is sent (9)'),
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
