/**
 * Public surface of the MDS engine, for the worker and the CLI (inside core, import modules directly).
 */
export type { Disparity, MdsProgress, MdsStepper, ShepardData, Transformation } from './types.ts';
export { torgerson, FULL_EIGEN_MAX_N } from './torgerson.ts';
export type { TorgersonOptions, TorgersonResult } from './torgerson.ts';
export { createSmacof, smacof, runToEnd } from './smacof.ts';
export type { SmacofOptions, SmacofResult, StressBenchmark } from './smacof.ts';
export type { RunResult } from './engine.ts';
export { createAnchoredSmacof, anchoredSmacof } from './anchored.ts';
export type { AnchoredOptions, AnchoredResult } from './anchored.ts';
export { outOfSample, applyDisparity } from './outOfSample.ts';
export type { OutOfSampleOptions, OutOfSampleResult } from './outOfSample.ts';
export { createUnfolding, unfold } from './unfold.ts';
export type { UnfoldOptions, UnfoldResult } from './unfold.ts';
export { procrustes, orient, applyTransform } from './procrustes.ts';
export type { ProcrustesOptions, ProcrustesResult, OrientOptions } from './procrustes.ts';
export { evaluateStress } from './stress.ts';
export type { StressOptions } from './stress.ts';
