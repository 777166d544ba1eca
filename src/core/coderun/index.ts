// Public API of the code relay: the runner port, its errors, and the pure helpers around it.
export type { CodeJob, CodeLanguage, CodeResult, CodeRunner, CodeRunStatus, Playground, RunnerUnavailableReason } from './types.ts';
export { RunnerRejectedError, RunnerUnavailableError, disabledCodeRunner } from './types.ts';
export type { ExtractedCode } from './extract.ts';
export { extractCode } from './extract.ts';
export type { FormatOptions, FormattedCodeResult } from './format.ts';
export { cleanOutput, formatCodeResult, formatDuration, neutraliseFences, neutraliseMentions, statusLine } from './format.ts';
export type { RunAdmission, RunRateLimit } from './rate-limit.ts';
export { DEFAULT_RUNS_PER_MINUTE, RUN_WINDOW_MS, admitRun, createRunRateLimit } from './rate-limit.ts';
export { djangoGap, djangoNotes, djangoSatisfies } from './django.ts';
export { CODERUN_ACTION, relayCode, rerunFromButton, runCommand } from './relay.ts';
