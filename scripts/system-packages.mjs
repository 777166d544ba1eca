// First step of `npm test`: installs the Debian packages the runner tests need when they are missing and
// this process may (root with apt-get), or stops before the tests with one line naming the command to run
// (always when not root: the runner tests start the sandbox as root).
// Plain JavaScript with no dependencies, so it also works before `npm install` (e.g. under sudo).
import { ensureSystemPackages } from './system-packages/ensure.mjs';

process.exitCode = ensureSystemPackages();
