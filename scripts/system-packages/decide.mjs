// What `npm test` needs from Debian and how to get it, as pure functions of the machine's facts, so every
// decision (install, add backports, stop with a command) is tested without removing a real package.

/** Debian packages the runner tests use (paths in src/runner/sandbox-command.ts). */
export const PACKAGES = Object.freeze([
  { pkg: 'bubblewrap', why: "the Python runner's sandbox" },
  { pkg: 'util-linux', why: "prlimit, the runner's resource limits" },
  { pkg: 'python3', why: 'the interpreter the runner executes' },
]);

export const MIN_DJANGO = '4.2';
export const BACKPORTS_FILE = '/etc/apt/sources.list.d/debian-backports.sources';
// Debian's deb822 form; Debian 12's main only has Django 3.2 (end of life), bookworm-backports has 4.2.
export const BACKPORTS_SOURCE = `Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };
// The runner suites refuse to start unprivileged (src/runner/service.ts), so a non-root `npm test` would end
// in a wall of identical failures; sudo npm test also installs whatever is missing.
const AS_ROOT = 'the runner tests start the sandbox as root: run sudo npm test';

/** True when `version` (like 4.2.27 or 5.0a1) is at least `min` (major.minor). */
export function versionAtLeast(version, min) {
  if (!version) return false;
  const [a = 0, b = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  const [x = 0, y = 0] = min.split('.').map(Number);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return a > x || (a === x && b >= y);
}

/** Names from `dpkg-query -W -f='${Package} ${db:Status-Status}\n' …` whose status is installed. */
export function parseDpkgInstalled(output) {
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([name, status]) => name && status === 'installed')
    .map(([name]) => name);
}

/** True when any apt source file (one-line .list or deb822 .sources) names `suite` outside a comment. */
export function sourcesList(texts, suite) {
  return texts.some((text) =>
    text.split('\n').some((line) => !line.trimStart().startsWith('#') && line.split(/\s+/).includes(suite)),
  );
}

/**
 * facts: { root, aptGet, codename, installed: string[], djangoVersion: string | null, backportsListed }
 * Returns { needed, steps } (steps empty when nothing is missing) or { needed, stop } with one line to print.
 */
export function decide(facts) {
  const missing = PACKAGES.filter((p) => !facts.installed.includes(p.pkg));
  const djangoOk = versionAtLeast(facts.djangoVersion, MIN_DJANGO);
  const needed = [...missing.map((p) => p.pkg), ...(djangoOk ? [] : [`Django ≥ ${MIN_DJANGO}`])];
  if (needed.length === 0) return facts.root ? { needed, steps: [] } : { needed, stop: `setup: ${AS_ROOT}` };

  const found = djangoOk ? '' : facts.djangoVersion ? `found ${facts.djangoVersion}` : 'not installed';
  const what = [...missing.map((p) => `${p.pkg} (${p.why})`), ...(djangoOk ? [] : [`Django ≥ ${MIN_DJANGO} (${found})`])].join(', ');
  if (!facts.aptGet) {
    return { needed, stop: `setup: the tests need ${what}; this machine has no apt-get: install them with its package manager, then run ${facts.root ? 'npm test' : 'sudo npm test'} again` };
  }
  if (!facts.root) {
    return { needed, stop: `setup: the tests need ${what}, and ${AS_ROOT} (as root it installs them with apt-get)` };
  }

  const steps = [];
  const backports = !djangoOk && facts.codename === 'bookworm';
  if (backports && !facts.backportsListed) {
    steps.push({ say: `setup: adding bookworm-backports to apt (${BACKPORTS_FILE}): Debian 12's own Django is 3.2, the tests need ${MIN_DJANGO}`, write: { path: BACKPORTS_FILE, content: BACKPORTS_SOURCE } });
  }
  steps.push({ say: 'setup: apt-get update (fresh package lists before installing)', run: ['apt-get', 'update', '-qq'], env: APT_ENV });
  if (missing.length > 0) {
    for (const p of missing) steps.push({ say: `setup: installing ${p.pkg} (${p.why}) with apt-get` });
    steps.push({ run: ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing.map((p) => p.pkg)], env: APT_ENV });
  }
  if (!djangoOk) {
    const from = backports ? ' from bookworm-backports' : '';
    steps.push({
      say: `setup: installing python3-django${from} (Django ≥ ${MIN_DJANGO} for the runner's Django exercises; ${found}) with apt-get`,
      run: ['apt-get', 'install', '-y', '-qq', ...(backports ? ['-t', 'bookworm-backports'] : []), 'python3-django'],
      env: APT_ENV,
    });
  }
  return { needed, steps };
}
