import { adapterContract } from './suite.ts';
import { createFakeHarness } from './fake-harness.ts';

adapterContract('in-memory fake platform', createFakeHarness, { interactions: true });
