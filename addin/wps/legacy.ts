/**
 * What the WPS pages use of JavaScript newer than the browser inside older WPS builds (their
 * Chromium predates ES2019): the build compiles the syntax down to ES2017, and this supplies
 * the built-ins, each only where it is missing. test/unit/wps-bundle.test.ts holds the built
 * scripts to this list.
 */
type Loose = Record<string, unknown>;

function define(target: object, name: string, value: unknown) {
  if (!(name in target)) Object.defineProperty(target, name, { value, writable: true, configurable: true });
}

function at(this: ArrayLike<unknown>, index: number) {
  const i = Math.trunc(index) || 0;
  return this[i < 0 ? this.length + i : i];
}

function findLast<T>(this: T[], test: (value: T, index: number, all: T[]) => unknown) {
  for (let i = this.length - 1; i >= 0; i--) if (test(this[i]!, i, this)) return this[i];
  return undefined;
}

function findLastIndex<T>(this: T[], test: (value: T, index: number, all: T[]) => unknown) {
  for (let i = this.length - 1; i >= 0; i--) if (test(this[i]!, i, this)) return i;
  return -1;
}

function flat(this: unknown[], depth = 1): unknown[] {
  return this.reduce<unknown[]>(
    (all, v) => all.concat(Array.isArray(v) && depth > 0 ? flat.call(v, depth - 1) : [v]),
    [],
  );
}

function flatMap<T>(this: T[], fn: (value: T, index: number, all: T[]) => unknown) {
  return flat.call(this.map(fn), 1);
}

function replaceAll(this: string, search: string | RegExp, replacement: string) {
  if (search instanceof RegExp) return this.replace(search, replacement);
  return this.split(search).join(replacement);
}

function fromEntries(entries: Iterable<readonly [PropertyKey, unknown]>) {
  const out: Record<PropertyKey, unknown> = {};
  for (const [key, value] of Array.from(entries)) out[key] = value;
  return out;
}

function* matchAll(this: string, pattern: RegExp): Generator<RegExpExecArray> {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  for (let m = global.exec(this); m; m = global.exec(this)) {
    yield m;
    if (m[0] === '') global.lastIndex++;
  }
}

function allSettled(promises: Iterable<unknown>) {
  return Promise.all(
    Array.from(promises, (p) =>
      Promise.resolve(p).then(
        (value) => ({ status: 'fulfilled', value }),
        (reason) => ({ status: 'rejected', reason }),
      ),
    ),
  );
}

define(Array.prototype, 'at', at);
define(String.prototype, 'at', at);
define(Array.prototype, 'findLast', findLast);
define(Array.prototype, 'findLastIndex', findLastIndex);
define(Array.prototype, 'flat', flat);
define(Array.prototype, 'flatMap', flatMap);
define(String.prototype, 'replaceAll', replaceAll);
define(String.prototype, 'matchAll', matchAll);
define(Object, 'fromEntries', fromEntries);
// biome-ignore lint/suspicious/noPrototypeBuiltins: this is Object.hasOwn, where the browser lacks it
define(Object, 'hasOwn', (o: object, key: PropertyKey) => Object.prototype.hasOwnProperty.call(o, key));
define(Promise, 'allSettled', allSettled);
if (typeof (globalThis as Loose | undefined) === 'undefined') (window as unknown as Loose).globalThis = window;

/** The built-ins above, by name: what the bundle test accepts among the newer ones. */
export const SUPPLIED = [
  'at',
  'findLast',
  'findLastIndex',
  'flat',
  'flatMap',
  'replaceAll',
  'matchAll',
  'fromEntries',
  'hasOwn',
  'allSettled',
  'globalThis',
];
