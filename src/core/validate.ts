// Reading an imported file (a project, a points scheme) field by field: each check names the path of
// the field and what it must be, and an error of the caller's kind carries it. Keys such as
// `__proto__` are never copied into what is built.

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Own enumerable keys only; the dangerous names are never used as keys of what we build. */
export const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export class Reader {
  /** `where` starts every message (the file's name); `error` makes the caller's error from it. */
  constructor(
    private readonly where: string,
    private readonly error: (message: string) => Error,
  ) {}
  fail(path: string, what: string): never {
    throw this.error(`${this.where}: ${path} ${what}`);
  }
  obj(v: unknown, path: string): Obj {
    if (!isObj(v)) this.fail(path, 'must be an object');
    return v;
  }
  str(v: unknown, path: string, max = 10_000): string {
    if (typeof v !== 'string') this.fail(path, 'must be text');
    if (v.length > max) this.fail(path, `is longer than ${max} characters`);
    return v;
  }
  num(v: unknown, path: string, lo = -Infinity, hi = Infinity): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) this.fail(path, `must be a number${Number.isFinite(lo) ? ` from ${lo}` : ''}${Number.isFinite(hi) ? ` to ${hi}` : ''}`);
    return v;
  }
  int(v: unknown, path: string, lo: number, hi: number): number {
    const n = this.num(v, path, lo, hi);
    if (!Number.isInteger(n)) this.fail(path, 'must be a whole number');
    return n;
  }
  nullable<T>(v: unknown, f: (v: unknown) => T): T | null {
    return v === null || v === undefined ? null : f(v);
  }
  oneOf<T extends string>(v: unknown, path: string, options: readonly T[]): T {
    if (!options.includes(v as T)) this.fail(path, `must be one of ${options.join(', ')}`);
    return v as T;
  }
  arr<T>(v: unknown, path: string, f: (x: unknown, path: string) => T, max = 10_000): T[] {
    if (!Array.isArray(v)) this.fail(path, 'must be a list');
    if (v.length > max) this.fail(path, `has more than ${max} entries`);
    return v.map((x, i) => f(x, `${path}[${i}]`));
  }
  /** A record with text keys (forbidden names dropped) into an object without a prototype. */
  record<T>(v: unknown, path: string, f: (x: unknown, path: string) => T, max = 100_000): Record<string, T> {
    const o = this.obj(v, path);
    const keys = Object.keys(o);
    if (keys.length > max) this.fail(path, `has more than ${max} entries`);
    const out: Record<string, T> = Object.create(null);
    for (const k of keys) if (!FORBIDDEN.has(k)) out[k] = f(o[k], `${path}.${k}`);
    return out;
  }
}
