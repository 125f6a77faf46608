/**
 * addin/wps/legacy.ts supplies newer built-ins to the browser in older WPS builds: run in a
 * context where they are missing, each behaves as the standard one does; where one exists, it is
 * left alone.
 */
import { readFileSync } from 'node:fs';
import { runInContext, createContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const source = ts.transpileModule(readFileSync(new URL('../../addin/wps/legacy.ts', import.meta.url), 'utf8'), {
  compilerOptions: { target: ts.ScriptTarget.ES2017, module: ts.ModuleKind.None },
}).outputText;

/** A context as an old WPS browser is: without the built-ins legacy.ts supplies. */
function oldBrowser() {
  const context = createContext({});
  runInContext(
    `window = globalThis;
     delete Array.prototype.at; delete String.prototype.at; delete Array.prototype.findLast;
     delete Array.prototype.findLastIndex; delete Array.prototype.flat; delete Array.prototype.flatMap;
     delete String.prototype.replaceAll; delete String.prototype.matchAll; delete Object.fromEntries;
     delete Object.hasOwn; delete Promise.allSettled;
     var exports = {};`,
    context,
  );
  runInContext(source, context);
  return (script: string) => runInContext(script, context);
}

describe('the built-ins supplied to older WPS browsers', () => {
  it('behave as the standard ones', async () => {
    const run = oldBrowser();
    expect(run('[1, 2, 3].at(-1)')).toBe(3);
    expect(run('"整改台账".at(0)')).toBe('整');
    expect(run('[1, 2, 3, 4].findLast((n) => n % 2 === 1)')).toBe(3);
    expect(run('[1, 2, 3, 4].findLastIndex((n) => n > 5)')).toBe(-1);
    expect(run('JSON.stringify([1, [2, [3]]].flat())')).toBe('[1,2,[3]]');
    expect(run('JSON.stringify([1, 2].flatMap((n) => [n, n * 10]))')).toBe('[1,10,2,20]');
    expect(run('"a-b-c".replaceAll("-", "、")')).toBe('a、b、c');
    expect(run('JSON.stringify([..."2019年7月、2019年8月".matchAll(/(\\d{4})年(\\d+)月/g)].map((m) => m[2]))')).toBe(
      '["7","8"]',
    );
    expect(run('JSON.stringify(Object.fromEntries([["a", 1], ["b", 2]]))')).toBe('{"a":1,"b":2}');
    expect(run('Object.hasOwn({ a: 1 }, "a") && !Object.hasOwn({}, "toString")')).toBe(true);
    const settled = await run('Promise.allSettled([Promise.resolve(1), Promise.reject(new Error("x"))])');
    expect(settled.map((s: { status: string }) => s.status)).toEqual(['fulfilled', 'rejected']);
  });

  it('leave a built-in the browser has as it is', () => {
    const context = createContext({});
    runInContext('window = globalThis; var exports = {}; var nativeAt = Array.prototype.at;', context);
    runInContext(source, context);
    expect(runInContext('Array.prototype.at === nativeAt', context)).toBe(true);
  });
});
