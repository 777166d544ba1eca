// Gathers the machine's facts, applies decide()'s steps and checks the result. Every side effect goes
// through `io`, so tests drive the whole flow with a fake machine.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGES, decide, parseDpkgInstalled, sourcesList } from './decide.mjs';

const PYTHON = '/usr/bin/python3'; // the interpreter the sandbox runs, in isolated mode as the runner does

export const realIo = {
  exec(argv, env = {}) {
    const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env: { ...process.env, ...env } });
    return { status: result.error ? null : result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  },
  readText: (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null),
  list: (dir) => (existsSync(dir) ? readdirSync(dir) : []),
  write: (file, content) => writeFileSync(file, content),
  log: (line) => console.log(line),
  uid: () => process.getuid?.() ?? -1,
};

export function gatherFacts(io) {
  const dpkg = io.exec(['dpkg-query', '-W', '-f=${Package} ${db:Status-Status}\n', ...PACKAGES.map((p) => p.pkg)]);
  const django = io.exec([PYTHON, '-I', '-c', 'import django; print(django.get_version())']);
  const sourceFiles = ['/etc/apt/sources.list', ...io.list('/etc/apt/sources.list.d').filter((f) => /\.(list|sources)$/.test(f)).map((f) => path.join('/etc/apt/sources.list.d', f))];
  const codename = /^VERSION_CODENAME=(.*)$/m.exec(io.readText('/etc/os-release') ?? '')?.[1]?.replace(/"/g, '') ?? null;
  return {
    root: io.uid() === 0,
    aptGet: io.exec(['apt-get', '--version']).status === 0,
    codename,
    installed: parseDpkgInstalled(dpkg.stdout),
    djangoVersion: django.status === 0 ? django.stdout.trim() || null : null,
    backportsListed: sourcesList(sourceFiles.map((f) => io.readText(f) ?? ''), 'bookworm-backports'),
  };
}

/** Returns the exit code: 0 when everything is there (installed now or before), 1 otherwise. */
export function ensureSystemPackages(io = realIo) {
  const decision = decide(gatherFacts(io));
  if ('stop' in decision) {
    io.log(decision.stop);
    return 1;
  }
  if (decision.steps.length === 0) return 0;
  for (const step of decision.steps) {
    if (step.say) io.log(step.say);
    if (step.write) io.write(step.write.path, step.write.content);
    if (step.run) {
      const result = io.exec(step.run, step.env);
      if (result.status !== 0) {
        io.log(`${result.stdout}${result.stderr}`.trimEnd());
        io.log(`setup: \`${step.run.join(' ')}\` failed (exit ${result.status}); see its output above`);
        return 1;
      }
    }
  }
  const after = decide(gatherFacts(io));
  if (after.needed.length > 0) {
    io.log(`setup: still missing after installing: ${after.needed.join(', ')}`);
    return 1;
  }
  return 0;
}
