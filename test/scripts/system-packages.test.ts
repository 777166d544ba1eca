// The installer's decisions against a fake Debian machine: what it installs, in which order, what it
// writes, and the one line it prints when it may not install.
import { describe, expect, it } from 'vitest';
import { BACKPORTS_FILE, BACKPORTS_SOURCE, parseDpkgInstalled, sourcesList, versionAtLeast } from '../../scripts/system-packages/decide.mjs';
import { ensureSystemPackages, type Io } from '../../scripts/system-packages/ensure.mjs';

const DEBIAN_SOURCES = 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\n';

interface Machine {
  uid: number;
  aptGet: boolean;
  codename: string;
  installed: Set<string>;
  django: string | null;
  files: Map<string, string>;
  failInstall?: string;
}

function fakeMachine(overrides: Partial<Machine> = {}): { machine: Machine; io: Io; log: string[]; commands: string[] } {
  const machine: Machine = {
    uid: 0,
    aptGet: true,
    codename: 'bookworm',
    installed: new Set(['python3', 'util-linux']),
    django: null,
    files: new Map([['/etc/apt/sources.list.d/debian.sources', DEBIAN_SOURCES]]),
    ...overrides,
  };
  const log: string[] = [];
  const commands: string[] = [];
  const ok = (stdout = '') => ({ status: 0, stdout, stderr: '' });
  const backports = () => [...machine.files.values()].some((t) => t.includes('bookworm-backports'));
  const io: Io = {
    exec(argv) {
      const line = argv.join(' ');
      if (argv[0] === 'dpkg-query') {
        const rows = argv.slice(3).filter((p) => machine.installed.has(p)).map((p) => `${p} installed\n`);
        return { status: rows.length === argv.length - 3 ? 0 : 1, stdout: rows.join(''), stderr: '' };
      }
      if (argv[0] === '/usr/bin/python3') return machine.django ? ok(`${machine.django}\n`) : { status: 1, stdout: '', stderr: 'ModuleNotFoundError' };
      if (line === 'apt-get --version') return machine.aptGet ? ok('apt 2.6.1') : { status: null, stdout: '', stderr: '' };
      commands.push(line);
      if (argv[1] === 'install') {
        const pkgs = argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'bookworm-backports');
        if (machine.failInstall && pkgs.includes(machine.failInstall)) return { status: 100, stdout: '', stderr: `E: Unable to locate package ${machine.failInstall}` };
        for (const p of pkgs) machine.installed.add(p);
        // Debian 12's main has 3.2; only the backports suite, when listed and asked for, has 4.2.
        if (pkgs.includes('python3-django')) machine.django = line.includes('-t bookworm-backports') && backports() ? '4.2.27' : machine.codename === 'bookworm' ? '3.2.19' : '4.2.23';
      }
      return ok();
    },
    readText: (file) => (file === '/etc/os-release' ? `ID=debian\nVERSION_CODENAME=${machine.codename}\n` : (machine.files.get(file) ?? null)),
    list: (dir) => [...machine.files.keys()].filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1)),
    write: (file, content) => void machine.files.set(file, content),
    log: (line) => void log.push(line),
    uid: () => machine.uid,
  };
  return { machine, io, log, commands };
}

describe('system packages for npm test', () => {
  it('given everything installed with Django 4.2, prints nothing and runs no apt-get (not even update)', () => {
    const { io, log, commands } = fakeMachine({ installed: new Set(['bubblewrap', 'util-linux', 'python3']), django: '4.2.27' });
    expect(ensureSystemPackages(io)).toBe(0);
    expect(log).toEqual([]);
    expect(commands).toEqual([]);
  });

  it('given a fresh Debian 12 as root, adds backports, updates once, installs bubblewrap and Django 4.2, one line each', () => {
    const { machine, io, log, commands } = fakeMachine();
    expect(ensureSystemPackages(io)).toBe(0);
    expect(log).toEqual([
      `setup: adding bookworm-backports to apt (${BACKPORTS_FILE}): Debian 12's own Django is 3.2, the tests need 4.2`,
      'setup: apt-get update (fresh package lists before installing)',
      "setup: installing bubblewrap (the Python runner's sandbox) with apt-get",
      "setup: installing python3-django from bookworm-backports (Django ≥ 4.2 for the runner's Django exercises; not installed) with apt-get",
    ]);
    expect(machine.files.get('/etc/apt/sources.list.d/debian-backports.sources')).toBe(
      'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n',
    );
    expect(commands).toEqual([
      'apt-get update -qq',
      'apt-get install -y -qq --no-install-recommends bubblewrap',
      'apt-get install -y -qq -t bookworm-backports python3-django',
    ]);
    expect(machine.django).toBe('4.2.27');
  });

  it('given Django 3.2 from main and backports already listed in another file, upgrades it without writing a source', () => {
    const listed = `${DEBIAN_SOURCES}\nTypes: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\n`;
    const { machine, io, log, commands } = fakeMachine({
      installed: new Set(['bubblewrap', 'util-linux', 'python3', 'python3-django']),
      django: '3.2.19',
      files: new Map([['/etc/apt/sources.list.d/debian.sources', listed]]),
    });
    expect(ensureSystemPackages(io)).toBe(0);
    expect(log).toEqual([
      'setup: apt-get update (fresh package lists before installing)',
      "setup: installing python3-django from bookworm-backports (Django ≥ 4.2 for the runner's Django exercises; found 3.2.19) with apt-get",
    ]);
    expect(machine.files.has(BACKPORTS_FILE)).toBe(false);
    expect(commands).toEqual(['apt-get update -qq', 'apt-get install -y -qq -t bookworm-backports python3-django']);
    expect(machine.django).toBe('4.2.27');
  });

  it('given every package missing, installs the main ones in one apt-get call, then Django from backports', () => {
    const { io, log, commands } = fakeMachine({ installed: new Set() });
    expect(ensureSystemPackages(io)).toBe(0);
    expect(log.slice(2)).toEqual([
      "setup: installing bubblewrap (the Python runner's sandbox) with apt-get",
      "setup: installing util-linux (prlimit, the runner's resource limits) with apt-get",
      'setup: installing python3 (the interpreter the runner executes) with apt-get',
      "setup: installing python3-django from bookworm-backports (Django ≥ 4.2 for the runner's Django exercises; not installed) with apt-get",
    ]);
    expect(commands[1]).toBe('apt-get install -y -qq --no-install-recommends bubblewrap util-linux python3');
  });

  it('given a Debian release whose main has Django 4.2 (trixie), installs it from main with no backports', () => {
    const { machine, io, commands } = fakeMachine({ codename: 'trixie', installed: new Set(['bubblewrap', 'util-linux', 'python3']) });
    expect(ensureSystemPackages(io)).toBe(0);
    expect(commands).toEqual(['apt-get update -qq', 'apt-get install -y -qq python3-django']);
    expect(machine.files.has(BACKPORTS_FILE)).toBe(false);
  });

  it('given a non-root user, stops with one line naming the exact command and changes nothing', () => {
    const { machine, io, log, commands } = fakeMachine({ uid: 1000 });
    expect(ensureSystemPackages(io)).toBe(1);
    expect(log).toEqual([
      "setup: the tests need bubblewrap (the Python runner's sandbox), Django ≥ 4.2 (not installed), and the runner tests start the sandbox as root: run sudo npm test (as root it installs them with apt-get)",
    ]);
    expect(commands).toEqual([]);
    expect(machine.files.has(BACKPORTS_FILE)).toBe(false);
  });

  it('given a non-root user with every package installed, still stops before the tests with the one command', () => {
    const { io, log, commands } = fakeMachine({ uid: 1000, installed: new Set(['bubblewrap', 'util-linux', 'python3']), django: '4.2.27' });
    expect(ensureSystemPackages(io)).toBe(1);
    expect(log).toEqual(['setup: the runner tests start the sandbox as root: run sudo npm test']);
    expect(commands).toEqual([]);
  });

  it('given a non-root user on a machine without apt-get, names the package manager and sudo npm test', () => {
    const { io, log } = fakeMachine({ uid: 1000, aptGet: false, installed: new Set(['util-linux', 'python3']), django: '4.2.27' });
    expect(ensureSystemPackages(io)).toBe(1);
    expect(log).toEqual([
      "setup: the tests need bubblewrap (the Python runner's sandbox); this machine has no apt-get: install them with its package manager, then run sudo npm test again",
    ]);
  });

  it('given no apt-get, stops with one line saying what to install', () => {
    const { io, log, commands } = fakeMachine({ aptGet: false, installed: new Set(['bubblewrap', 'util-linux', 'python3']), django: '3.2.19' });
    expect(ensureSystemPackages(io)).toBe(1);
    expect(log).toEqual(['setup: the tests need Django ≥ 4.2 (found 3.2.19); this machine has no apt-get: install them with its package manager, then run npm test again']);
    expect(commands).toEqual([]);
  });

  it('given a failing apt-get install, prints its output and the failed command, and stops', () => {
    const { io, log } = fakeMachine({ failInstall: 'bubblewrap' });
    expect(ensureSystemPackages(io)).toBe(1);
    expect(log.slice(-2)).toEqual([
      'E: Unable to locate package bubblewrap',
      'setup: `apt-get install -y -qq --no-install-recommends bubblewrap` failed (exit 100); see its output above',
    ]);
  });

  it('given an install that leaves Django at 3.2 (backports not reachable), says what is still missing', () => {
    const { io, log } = fakeMachine({ installed: new Set(['bubblewrap', 'util-linux', 'python3']) });
    // The backports source could not be written (e.g. a read-only /etc), so apt-get installs main's 3.2.
    io.write = () => undefined;
    expect(ensureSystemPackages(io)).toBe(1);
    expect(log.at(-1)).toBe('setup: still missing after installing: Django ≥ 4.2');
  });

  it('given backports only in a file apt does not read (not .list or .sources), still adds the source', () => {
    const { machine, io } = fakeMachine({ installed: new Set(['bubblewrap', 'util-linux', 'python3']) });
    machine.files.set('/etc/apt/sources.list.d/backports.list.disabled', 'deb http://deb.debian.org/debian bookworm-backports main\n');
    expect(ensureSystemPackages(io)).toBe(0);
    expect(machine.files.get(BACKPORTS_FILE)).toBe(BACKPORTS_SOURCE);
  });
});

describe('system packages: parsing', () => {
  it('given versions, compares major and minor', () => {
    expect([versionAtLeast('4.2.27', '4.2'), versionAtLeast('5.0a1', '4.2'), versionAtLeast('4.10', '4.2')]).toEqual([true, true, true]);
    expect([versionAtLeast('3.2.19', '4.2'), versionAtLeast('4.1.9', '4.2'), versionAtLeast(null, '4.2'), versionAtLeast('x', '4.2')]).toEqual([false, false, false, false]);
  });

  it('given dpkg-query output, keeps only installed packages', () => {
    expect(parseDpkgInstalled('bubblewrap installed\npython3-django config-files\nutil-linux installed\n')).toEqual(['bubblewrap', 'util-linux']);
  });

  it('given apt sources, finds the suite outside comments in both formats', () => {
    expect(sourcesList(['deb http://deb.debian.org/debian bookworm-backports main\n'], 'bookworm-backports')).toBe(true);
    expect(sourcesList(['Suites: bookworm bookworm-backports\n'], 'bookworm-backports')).toBe(true);
    expect(sourcesList(['# deb http://deb.debian.org/debian bookworm-backports main\n', 'Suites: bookworm\n'], 'bookworm-backports')).toBe(false);
  });

  it('given the backports source, it is exactly the deb822 stanza Debian documents', () => {
    expect(BACKPORTS_SOURCE).toBe('Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n');
  });
});
