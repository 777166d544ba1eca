import { adapterContract } from '../contract/suite.ts';
import { createSlackHarness } from './slack-harness.ts';

adapterContract('slack', createSlackHarness, { interactions: true });
