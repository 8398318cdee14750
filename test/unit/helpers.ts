import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { bytesSource, type ByteSource } from '../../src/core/import/decode.ts';

export function fixture(name: string, chunkSize?: number): ByteSource {
  return bytesSource(name, new Uint8Array(readFileSync(`test/fixtures/${name}`)), chunkSize);
}

export function textSource(name: string, text: string, chunkSize?: number): ByteSource {
  return bytesSource(name, new TextEncoder().encode(text), chunkSize);
}

/** One tolerance helper for every numeric comparison (absolute, default 1e-9). */
export function expectClose(actual: number, expected: number, tol = 1e-9): void {
  if (!(Math.abs(actual - expected) <= tol)) expect.fail(`expected ${actual} to be within ${tol} of ${expected}`);
}
