import { adapterContract } from './suite.ts';
import { createTerminalHarness } from './terminal-harness.ts';

adapterContract('terminal', createTerminalHarness, { interactions: false });
