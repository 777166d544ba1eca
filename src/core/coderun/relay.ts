// Code relay: a ```python block posted in a lesson thread (or /run) goes to the runner and the result
// comes back in the thread. One job at a time per learner, a few a minute; an edit within 30 s offers a
// re-run.
import type { Exercise } from '../content/model.ts';
import { UserError } from '../errors.ts';
import { message, text, type Block, type InboundEvent } from '../messages.ts';
import { staleToken, updateLearnerState, withUsed } from '../threads.ts';
import { newToken } from '../tokens.ts';
import { buttonParts, buttonValue } from '../button-value.ts';
import type { Turn } from '../turn.ts';
import { djangoNotes } from './django.ts';
import { extractCode } from './extract.ts';
import { formatCodeResult } from './format.ts';
import { RunnerRejectedError, RunnerUnavailableError, type CodeResult } from './types.ts';

export const CODERUN_ACTION = 'coderun';
export const RERUN_WINDOW_SECONDS = 30;

const RUNNER_REASONS: Record<string, string> = {
  disabled: 'it is switched off here; an admin starts it with `npm run runner` and LEARNING_RUNNER_ENABLED=true',
  unreachable: 'it did not answer',
  timeout: 'it took too long to answer',
  busy: 'it is busy; try again in a moment',
  unauthorized: 'the bot and the runner disagree on RUNNER_TOKEN',
  'server-error': 'it failed on its side',
  'bad-response': 'it answered something unexpected',
};

// Per process: a learner's second submission while the first runs is refused rather than queued.
const running = new Set<string>();

/** A message in a lesson thread: runs its fenced Python; an edit of a recent run offers a re-run. */
export async function relayCode(turn: Turn, event: Extract<InboundEvent, { type: 'message' }>): Promise<void> {
  const state = turn.thread.state;
  if (!event.text.includes('```')) return;
  const extracted = extractCode(event.text);
  if (!extracted) return;
  // Code in a thread the coach does not (or no longer) tracks: say why nothing runs, to that person only.
  if (!state?.lessonId) {
    if (turn.conv.threadId !== undefined && !event.edited) throw new UserError('untrackedThread');
    return;
  }
  if (event.edited) {
    await offerRerun(turn, event.messageId, extracted.code);
    return;
  }
  const lastRun = { messageId: event.messageId, at: turn.deps.clock.now().toISOString() };
  await updateLearnerState(turn.deps.store, turn.conv, turn.learner.id, (current) => ({ state: { ...current, lastRun }, result: undefined }));
  await runAndReply(turn, extracted.code);
}

export async function runCommand(turn: Turn, source: string): Promise<void> {
  const extracted = extractCode(source) ?? (source.trim() ? { language: 'python' as const, code: source.trim() } : null);
  if (!extracted) throw new UserError('noCode');
  await runAndReply(turn, extracted.code);
}

/** The "Run again" button after an edit. */
export async function rerunFromButton(turn: Turn, value: string): Promise<void> {
  // "token:learnerId": the offer lives in its learner's own state, so the value says whose it is.
  const [token = '', owner] = buttonParts(value, 1, 2) ?? [];
  // An offer made before this account was linked names the learner it was merged from; the offer in this
  // learner's own state is what proves the button is theirs.
  if (owner && owner !== turn.learner.id && turn.mine.state?.rerun?.token !== token) throw new UserError('outdatedButton', { reason: 'notYours' });
  const code = await updateLearnerState(turn.deps.store, turn.conv, turn.learner.id, (state) => {
    const offer = state?.rerun;
    if (!state || !offer || offer.token !== token) throw staleToken(state, token);
    const { rerun: _consumed, ...rest } = state;
    return { state: withUsed(rest, token), result: offer.code };
  });
  await runAndReply(turn, code);
}

async function offerRerun(turn: Turn, messageId: string, code: string): Promise<void> {
  const last = turn.mine.state?.lastRun;
  const age = last ? (turn.deps.clock.now().getTime() - Date.parse(last.at)) / 1000 : Infinity;
  if (!last || last.messageId !== messageId || age > RERUN_WINDOW_SECONDS) return;
  const token = newToken();
  await updateLearnerState(turn.deps.store, turn.conv, turn.learner.id, (current) => ({ state: { ...current, rerun: { token, code } }, result: undefined }));
  await turn.respond(
    message([text('You edited your code. Run the new version?'), { kind: 'choices', actionId: CODERUN_ACTION, options: [{ id: buttonValue(token, turn.learner.id), label: 'Run again', style: 'primary' }] }]),
  );
}

async function runAndReply(turn: Turn, code: string): Promise<void> {
  const runner = turn.deps.runner;
  if (!runner) throw new UserError('runnerUnavailable', { reason: RUNNER_REASONS.disabled! });
  if (running.has(turn.learner.id)) throw new UserError('runnerBusy');
  const admission = turn.deps.runLimit?.take(turn.learner.id, turn.deps.clock.now().getTime());
  if (admission && !admission.allowed) {
    throw new UserError('runLimit', { runs: String(admission.runs), seconds: String(Math.max(1, Math.ceil(admission.retryInMs / 1000))) });
  }
  running.add(turn.learner.id);
  let result: CodeResult;
  try {
    result = await runner.run({ language: 'python', code });
  } catch (error) {
    if (error instanceof RunnerUnavailableError) throw new UserError('runnerUnavailable', { reason: RUNNER_REASONS[error.reason] ?? error.reason });
    if (error instanceof RunnerRejectedError) throw new UserError('codeRejected', { reason: error.message });
    throw error;
  } finally {
    running.delete(turn.learner.id);
  }
  const lessonId = turn.thread.state?.lessonId;
  const exercises = lessonId ? (turn.deps.catalog.lesson(lessonId)?.lesson.exercises ?? []) : [];
  const solved = result.status === 'ok' ? exercises.find((e) => e.expectedOutput.trimEnd() === result.stdout.trimEnd()) : undefined;
  if (solved && lessonId) {
    await turn.deps.store.write([{ kind: 'exerciseSolved', learnerId: turn.learner.id, lessonId, exerciseId: solved.id, at: turn.deps.clock.now() }]);
  }
  const notes = result.status === 'ok' ? [] : await djangoNotes(runner, exercises);
  await turn.respond(message([...renderResult(code, result, solved), ...notes.map((note) => text(note))], `Run: ${result.status}`));
}

function renderResult(code: string, result: CodeResult, solved: Exercise | undefined): Block[] {
  const formatted = formatCodeResult(result, { code, stdinHowTo: 'Run code that reads input with the values written into it instead.' });
  const blocks: Block[] = [text(`**${formatted.title}** · ${formatted.body}`)];
  if (formatted.codeBlock) blocks.push({ kind: 'code', ...formatted.codeBlock });
  if (solved) blocks.push(text(`✅ Exercise done: **${solved.title}** — the output matches. It counts in \`/progress\`.`));
  return blocks;
}
