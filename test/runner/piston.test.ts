import { describe, expect, it } from 'vitest';
import { type PistonRun, classifyPistonRun, toCodeResult } from '../../src/runner/piston.ts';

function run(overrides: Partial<PistonRun> = {}): PistonRun {
  return { stdout: '', stderr: '', output: '', code: 0, signal: null, status: null, message: null, ...overrides };
}

describe('given a Piston run', () => {
  it('given a clean exit, it is ok', () => {
    expect(classifyPistonRun(run())).toBe('ok');
  });

  it('given a non-zero exit with or without status RE, it is an error', () => {
    expect(classifyPistonRun(run({ code: 1, status: 'RE' }))).toBe('error');
    expect(classifyPistonRun(run({ code: 2, status: undefined }))).toBe('error');
  });

  it('given TO, OL or EL, it is a timeout or truncated output', () => {
    expect(classifyPistonRun(run({ status: 'TO', code: null, signal: 'SIGKILL' }))).toBe('timeout');
    expect(classifyPistonRun(run({ status: 'OL', code: null, signal: 'SIGKILL' }))).toBe('truncated');
    expect(classifyPistonRun(run({ status: 'EL', code: null, signal: 'SIGKILL' }))).toBe('truncated');
  });

  it('given the memory message or a MemoryError at the end of stderr, it is memory', () => {
    expect(classifyPistonRun(run({ status: 'SG', code: null, signal: 'SIGKILL', message: 'Memory limit exceeded' }))).toBe('memory');
    expect(classifyPistonRun(run({ status: 'RE', code: 1, stderr: 'Traceback (most recent call last):\n  File "x"\nMemoryError\n' }))).toBe('memory');
    expect(classifyPistonRun(run({ status: 'RE', code: 1, stderr: 'MemoryError is a class\nValueError: no\n' }))).toBe('error');
  });

  it('given a signal, it is killed', () => {
    expect(classifyPistonRun(run({ status: 'SG', code: null, signal: 'SIGSEGV' }))).toBe('killed');
    expect(classifyPistonRun(run({ code: null, signal: 'SIGKILL' }))).toBe('killed');
  });

  it('given a run, the CodeResult is frozen and takes the runner wall time when there is one', () => {
    const result = toCodeResult(run({ stdout: 'x\n', output: 'x\n', wall_time: 12.4 }), 99);
    expect(result).toEqual({ status: 'ok', exitCode: 0, signal: null, stdout: 'x\n', stderr: '', output: 'x\n', wallMs: 12 });
    expect(Object.isFrozen(result)).toBe(true);
    expect(toCodeResult(run(), 99).wallMs).toBe(99);
  });
});
