/**
 * The API as its callers see it: hono/client over the routes' own types (spelled out in
 * api-schema.ts, so the pages' type check never meets Node's), so the pages and the add-in never
 * re-declare a request or an answer. Errors come back as the service's message.
 */
import { hc, type InferRequestType, type InferResponseType } from 'hono/client';
import type { z } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { BlankEnv } from 'hono/types';
import type { LedgerSchema, ProvinceSchema } from './api-schema.ts';
import type { SubmissionBody } from './routes/schemas.ts';

type LedgerApi = Hono<BlankEnv, LedgerSchema, '/'>;
export type ProvinceApi = Hono<BlankEnv, ProvinceSchema, '/'>;

export const apiClient = (origin: string, token: string) =>
  hc<LedgerApi>(new URL('/api', origin).toString(), { headers: { authorization: `Bearer ${token}` } });

export type ApiClient = ReturnType<typeof apiClient>;

/** The supervision office's API (LEDGER_OVERSEES). */
export const provinceClient = (origin: string, token: string) =>
  hc<ProvinceApi>(new URL('/api', origin).toString(), { headers: { authorization: `Bearer ${token}` } });
export type TasksAnswer = InferResponseType<ApiClient['tasks']['$get'], 200>;
export type SubmissionAnswer = InferResponseType<ApiClient['submissions']['$post'], 200>;
export type UnitsAnswer = InferResponseType<ApiClient['units']['$get'], 200>;
export type ConflictsAnswer = InferResponseType<ApiClient['conflicts']['$get'], 200>;
export type ClosuresAnswer = InferResponseType<ApiClient['closures']['$get'], 200>;
export type EvidenceAnswer = InferResponseType<ApiClient['evidence']['$get'], 200>;
export type PreviewAnswer = InferResponseType<ApiClient['ledgers']['preview']['$post'], 200>;
export type ChaseAnswer = InferResponseType<ApiClient['chase']['$get'], 200>;
export type RoundsAnswer = InferResponseType<ApiClient['rounds']['$get'], 200>;
export type AccessAnswer = InferResponseType<ApiClient['access']['$get'], 200>;
export type ScoresAnswer = InferResponseType<ApiClient['rounds'][':id']['scores']['$get'], 200>;
export type HealthAnswer = InferResponseType<ApiClient['health']['$get'], 200>;
/** What the WPS add-in's self-test reports from one PC. */
export type SelfTestReport = InferRequestType<ApiClient['wps']['self-tests']['$post']>['json'];

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    message: string,
    readonly status: number,
    /** The error's code in the service's answer (errors.ts), when it gave one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** What a call answers when it succeeds: the JSON of its 2xx responses, as the route declares them. */
export type Answer<R> = R extends { ok: true; json(): Promise<infer T> } ? T : never;

/** The answer's JSON when it is 2xx; else the service's own message as a ServiceError. */
export async function answerOf<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  call: Promise<R>,
  origin = '',
): Promise<Answer<R>> {
  let res: R;
  try {
    res = await call;
  } catch {
    throw new ServiceError(
      `无法连接同步服务${origin ? `（${origin}）` : ''}：请检查网络和服务地址，或稍后再试。The service cannot be reached.`,
      0,
    );
  }
  const body = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
  if (!res.ok)
    throw new ServiceError(
      body?.error?.message ?? `同步服务返回错误 ${res.status}。The service answered ${res.status}.`,
      res.status,
      body?.error?.code,
    );
  return body as Answer<R>;
}

/** The JSON form of a submission (the route also takes an upload, which a typed client cannot express with it). */
export type SubmissionRequest = z.input<typeof SubmissionBody>;

type LedgerSubmit = ApiClient['ledgers'][':ledgerId']['submissions']['$post'];

/** The JSON rows of a submission to one ledger. */
export function submitRowsTo(client: ApiClient, ledgerId: string, body: SubmissionRequest) {
  return client.ledgers[':ledgerId'].submissions.$post({
    param: { ledgerId },
    json: body,
  } as Parameters<LedgerSubmit>[0]);
}

/** A filled workbook uploaded to one ledger, through the same merge. */
export function uploadTo(client: ApiClient, ledgerId: string, file: File) {
  return client.ledgers[':ledgerId'].submissions.$post({
    param: { ledgerId },
    form: { file },
  } as Parameters<LedgerSubmit>[0]);
}

/** 佐证材料 attached to a task of one ledger. */
export function attachEvidenceTo(client: ApiClient, ledgerId: string, no: number, file: File) {
  return client.ledgers[':ledgerId'].tasks[':no'].evidence.$post({
    param: { ledgerId, no: String(no) },
    form: { file },
  });
}
