// The helper both processes read their environment through: .env loading, flags, the one-line error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flag, formatEnvIssue, loadDotEnv } from '../src/env.ts';

const names = ['ENV_TEST_SET', 'ENV_TEST_NEW'];
afterEach(() => {
  for (const name of names) delete process.env[name];
});

describe('given the shared env helper', () => {
  it('given a .env file, loads its variables without overriding ones already set', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'env-')), '.env');
    writeFileSync(file, 'ENV_TEST_SET=from-file\nENV_TEST_NEW=from-file\n');
    process.env.ENV_TEST_SET = 'from-environment';
    loadDotEnv(file);
    expect([process.env.ENV_TEST_SET, process.env.ENV_TEST_NEW]).toEqual(['from-environment', 'from-file']);
  });

  it('given no .env file, changes nothing and does not fail', () => {
    loadDotEnv(path.join(tmpdir(), 'no-such-dir-for-env-test', '.env'));
    expect(process.env.ENV_TEST_NEW).toBeUndefined();
  });

  it('given flag values, reads true/1/yes and false/0/no/empty in any case and refuses anything else', () => {
    expect(['true', 'TRUE', '1', 'yes', ' Yes '].map((v) => flag.parse(v))).toEqual([true, true, true, true, true]);
    expect(['false', 'False', '0', 'no', ''].map((v) => flag.parse(v))).toEqual([false, false, false, false, false]);
    expect(flag.safeParse('on').error?.issues[0]?.message).toBe('true or false (also 1/0, yes/no)');
  });

  it('given a bad value, formats one line with the name, the form and the value, hiding secrets', () => {
    expect(formatEnvIssue('RUNNER_PORT', 'an integer', 'abc')).toBe('RUNNER_PORT must be an integer; got "abc"');
    expect(formatEnvIssue('RUNNER_TOKEN', 'a secret', 'tiny')).toBe('RUNNER_TOKEN must be a secret; got (hidden)');
    expect(formatEnvIssue('SLACK_SIGNING_SECRET', 'a secret', 'x')).toBe('SLACK_SIGNING_SECRET must be a secret; got (hidden)');
  });
});
