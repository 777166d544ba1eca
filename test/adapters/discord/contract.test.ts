import { adapterContract } from '../contract/suite.ts';
import { createDiscordHarness } from './discord-harness.ts';

adapterContract('Discord', createDiscordHarness, { interactions: true });
