// Hostile programs that try to see or touch what is not theirs: the runner's secrets and files, the
// network, the system directories, other processes. Each runs through the real HTTP API and sandbox.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyPistonRun } from '../../src/runner/piston.ts';
import { type TestRunner, startTestRunner } from '../helpers/runner.ts';

const PROJECT = process.cwd();
const SECRET = `secret-${process.pid}-do-not-leak`;
const DB_FILE = path.join(PROJECT, `runner-attack-${process.pid}.db`);
const ENV_FILE = path.join(PROJECT, '.env');
let createdEnvFile = false;
let runner: TestRunner;

beforeAll(async () => {
  // The runner's own environment holds the secrets a hostile program wants.
  process.env.RUNNER_TOKEN = `runner-${SECRET}`;
  process.env.DISCORD_TOKEN = `discord-${SECRET}`;
  writeFileSync(DB_FILE, `SQLite format 3\0${SECRET}`);
  if (!existsSync(ENV_FILE)) {
    writeFileSync(ENV_FILE, `DISCORD_TOKEN=${SECRET}\n`);
    createdEnvFile = true;
  }
  runner = await startTestRunner({ uidBase: 61100 });
});

afterAll(async () => {
  await runner?.stop();
  rmSync(DB_FILE, { force: true });
  if (createdEnvFile && readFileSync(ENV_FILE, 'utf8').includes(SECRET)) rmSync(ENV_FILE);
  delete process.env.RUNNER_TOKEN;
  delete process.env.DISCORD_TOKEN;
});

describe('given hostile programs that try to reach outside the sandbox', () => {
  it('given writes to /, /etc, /usr and /dev, every one is refused', async () => {
    const code = [
      'for target in ["/x", "/etc/x", "/usr/x", "/usr/lib/x", "/dev/x", "/etc/passwd"]:',
      '    try:',
      '        open(target, "w").write("owned")',
      '        print(target, "WRITTEN")',
      '    except OSError as error:',
      '        print(target, "refused", error.errno)',
    ].join('\n');
    const run = await runner.run(code);
    expect(run.stdout).not.toContain('WRITTEN');
    expect(run.stdout.trim().split('\n')).toHaveLength(6);
  });

  it("given a program reading the runner's environment, it sees only PATH, HOME, LANG and PWD", async () => {
    const code = [
      'import os',
      'print(sorted(os.environ))',
      'for pid in os.listdir("/proc"):',
      '    if pid.isdigit():',
      '        try:',
      '            print(open(f"/proc/{pid}/environ", "rb").read())',
      '        except OSError as error:',
      '            print(pid, error.errno)',
    ].join('\n');
    const run = await runner.run(code);
    expect(run.stdout.split('\n')[0]).toBe("['HOME', 'LANG', 'PATH', 'PWD']");
    expect(run.output).not.toContain(SECRET);
  });

  it("given a program reading the project's files (.env, a SQLite database), they do not exist in the sandbox", async () => {
    const code = [
      `for target in [${JSON.stringify(ENV_FILE)}, ${JSON.stringify(DB_FILE)}, ${JSON.stringify(path.join(PROJECT, 'package.json'))}]:`,
      '    try:',
      '        print(open(target, "rb").read())',
      '    except OSError as error:',
      '        print("missing", error.errno)',
      'import os',
      'print(sorted(os.listdir("/")))',
    ].join('\n');
    const run = await runner.run(code);
    expect(run.stdout).toContain('missing 2\nmissing 2\nmissing 2\n');
    expect(run.stdout).not.toMatch(/work|root|home/);
    expect(run.output).not.toContain(SECRET);
  });

  it("given a program connecting to the internet and to the runner's own port on 127.0.0.1, there is no network at all", async () => {
    const port = new URL(runner.url).port;
    const code = [
      'import socket',
      `for host, port in [("1.1.1.1", 53), ("127.0.0.1", ${port}), ("::1", ${port})]:`,
      '    try:',
      '        socket.create_connection((host, port), timeout=1)',
      '        print(host, "CONNECTED")',
      '    except OSError as error:',
      '        print(host, "refused", error.errno)',
      'try:',
      '    socket.getaddrinfo("example.com", 80)',
      '    print("DNS RESOLVED")',
      'except OSError:',
      '    print("no dns")',
    ].join('\n');
    const run = await runner.run(code);
    expect(run.stdout).not.toMatch(/CONNECTED|RESOLVED/);
    expect(run.stdout).toContain('1.1.1.1 refused 101'); // ENETUNREACH: no route, not even a default one
    expect(run.stdout).toContain('127.0.0.1 refused 101'); // loopback is down too (up, it would be 111 ECONNREFUSED)
    expect(run.stdout).toContain('no dns');
  });

  it('given a program looking for other processes, it sees only its own pid namespace and cannot signal the runner', async () => {
    // pid 1 is the namespace's init (timeout 0), pid 2 the program.
    const code = [
      'import os, signal',
      'print(sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))',
      'print(os.getuid(), os.getpid())',
      'print([line for line in open("/proc/self/status") if line.startswith("CapEff")][0].split()[1])',
      'try:',
      `    os.kill(${process.pid}, signal.SIGKILL)`,
      '    print("SIGNALLED")',
      'except OSError as error:',
      '    print("kill refused", error.errno)',
    ].join('\n');
    const run = await runner.run(code);
    const [pids, ids, caps, kill] = run.stdout.trim().split('\n');
    expect(pids).toBe('[1, 2]');
    const uid = Number(ids?.split(' ')[0]);
    expect(uid).toBeGreaterThanOrEqual(runner.config.uidBase);
    expect(uid).toBeLessThan(runner.config.uidBase + runner.config.concurrency);
    expect(caps).toBe('0000000000000000');
    expect(kill).toMatch(/^kill refused/);
  });

  it('given a program trying to gain privileges, it can neither become root nor open a new user namespace', async () => {
    const code = [
      'import ctypes, os',
      'libc = ctypes.CDLL(None, use_errno=True)',
      'for name, flag in [("user", 0x10000000), ("net", 0x40000000), ("mount", 0x00020000)]:',
      '    print(name, libc.unshare(flag), ctypes.get_errno() != 0)',
      'try:',
      '    os.setuid(0)',
      '    print("BECAME ROOT")',
      'except OSError:',
      '    print("setuid refused")  # EINVAL: root does not even exist in its user namespace',
    ].join('\n');
    const run = await runner.run(code);
    expect(run.stdout).toBe('user -1 True\nnet -1 True\nmount -1 True\nsetuid refused\n');
  });

  it('given a program looking for descriptors the runner inherited, it finds only its stdio and /dev/null', async () => {
    const code = [
      'import os',
      'for fd in sorted(os.listdir("/proc/self/fd"), key=int)[3:]:',
      '    try:',
      '        print(fd, os.readlink(f"/proc/self/fd/{fd}"))',
      '    except OSError:',
      '        pass  # the descriptor listing the directory, closed by now',
    ].join('\n');
    const run = await runner.run(code);
    for (const line of run.stdout.split('\n').filter(Boolean)) expect(line).toMatch(/^\d+ \/dev\/null$/);
  });

  it('given a program printing invalid UTF-8 and NUL bytes, the answer is valid JSON with replacement characters and NULs', async () => {
    const run = await runner.run('import sys\nsys.stdout.buffer.write(b"a\\xff\\xfeb\\x00c\\n")\n');
    expect(run.stdout).toBe('a\uFFFD\uFFFDb\u0000c\n');
    expect(run.status).toBeNull();
  });

  it('given code containing NUL bytes or invalid UTF-8, Python gets the bytes as sent and the runner carries on', async () => {
    const withNul = await runner.post({ language: 'python', version: '*', files: [{ content: 'print(1)\u0000\n' }] });
    expect(withNul.status).toBe(200);
    // Python 3.11 skips a NUL in a source file; 3.12 and later call it a SyntaxError.
    expect(withNul.json.run.stdout === '1\n' || /SyntaxError/.test(withNul.json.run.stderr)).toBe(true);
    const invalid = await runner.post({
      language: 'python',
      version: '*',
      files: [{ content: Buffer.from('print("\xff")\n', 'latin1').toString('base64'), encoding: 'base64' }],
    });
    expect(invalid.status).toBe(200);
    expect(invalid.json.run.stderr).toContain('SyntaxError');
    expect((await runner.run('print("still fine")')).stdout).toBe('still fine\n');
  });

  it('given input() with no stdin, the program gets end of file; with stdin, it reads it', async () => {
    const without = await runner.run('name = input("name? ")\nprint("hi", name)\n');
    expect(without.stderr).toContain('EOFError');
    expect(classifyPistonRun(without)).toBe('error');
    const withStdin = await runner.run('name = input("name? ")\nprint("hi", name)\n', { stdin: 'Ada\n' });
    expect(withStdin.stdout).toBe('name? hi Ada\n');
  });

  it('given Django, it is importable inside the sandbox', async () => {
    const run = await runner.run('import django\nprint(django.VERSION[0] >= 3)\n');
    expect(run.stdout).toBe('True\n');
  });
});
