// Maps inbound events to feature services. The one place that knows every feature; features never call
// each other through here.
import { findCommand, validateArgs } from './commands.ts';
import { UserError } from './errors.ts';
import type { InboundEvent } from './messages.ts';
import type { Turn } from './turn.ts';
import { renderHelp } from './help.ts';
import { LESSON_ACTION, nextLesson, parseLessonAction, showModelAnswer, startLesson } from './lessons/index.ts';
import { QUIZ_ACTION, answerQuiz, startQuiz } from './quiz/index.ts';
import { EXPLAIN_ACTION, answerExplain, openExplainForm, startExplain, submitExplain } from './explain/index.ts';
import { CONFIDENCE_ACTION, askConfidence, parseConfidence, rateConfidence, rateFromButton } from './confidence/index.ts';
import { showProgress } from './progress/index.ts';
import { CODERUN_ACTION, relayCode, rerunFromButton, runCommand } from './coderun/index.ts';
import { LINK_ACTION, askUnlink, confirmUnlink, link } from './link/index.ts';
import { DRILL_ACTION, answerDrill, drillCommand, setLeaderboardPrivacy, showLeaderboard } from './drills/index.ts';

export async function route(turn: Turn): Promise<void> {
  const event = turn.event;
  switch (event.type) {
    case 'command':
      return routeCommand(turn, event);
    case 'action':
      return routeAction(turn, event.actionId, event.value);
    case 'message':
      if (!event.edited && (await answerExplain(turn, event.text))) return;
      await relayCode(turn, event);
      return;
    case 'form':
      return submitExplain(turn, event.formId, event.values);
  }
}

async function routeCommand(turn: Turn, event: Extract<InboundEvent, { type: 'command' }>): Promise<void> {
  const command = findCommand(event.name);
  if (command.admin && !event.isAdmin) throw new UserError('adminOnly', { command: command.name });
  const args = validateArgs(command, event.args);
  switch (command.name) {
    case 'lesson':
      return startLesson(turn, { track: args.track, step: args.step });
    case 'quiz':
      return startQuiz(turn, args.scope);
    case 'explain':
      return startExplain(turn, args.lesson);
    case 'confidence': {
      const level = args.level === undefined ? undefined : parseConfidence(args.level);
      return level === undefined ? askConfidence(turn) : rateConfidence(turn, level);
    }
    case 'progress':
      return showProgress(turn);
    case 'run':
      return runCommand(turn, args.code ?? '');
    case 'help':
      await turn.respond(renderHelp());
      return;
    case 'link':
      return link(turn, args.code);
    case 'unlink':
      return askUnlink(turn);
    case 'drill':
      return drillCommand(turn, args);
    case 'leaderboard':
      return showLeaderboard(turn, args.period as 'week' | 'month' | 'all' | undefined, args.scope as 'channel' | 'workspace' | undefined);
    case 'privacy':
      return setLeaderboardPrivacy(turn, args.value as 'on' | 'off');
  }
}

async function claimPress(turn: Turn, press: string): Promise<void> {
  const outcome = await turn.deps.store.write([{ kind: 'once', id: `${turn.learner.id}:${press}`, at: turn.deps.clock.now() }]);
  if (outcome === 'duplicate') throw new UserError('alreadyDone');
}

async function routeAction(turn: Turn, actionId: string, value: string): Promise<void> {
  if (actionId === QUIZ_ACTION) return answerQuiz(turn, value);
  if (actionId === CONFIDENCE_ACTION) return rateFromButton(turn, value);
  if (actionId === CODERUN_ACTION) return rerunFromButton(turn, value);
  if (actionId === LINK_ACTION) return confirmUnlink(turn, value);
  if (actionId === DRILL_ACTION) return answerDrill(turn, value);
  if (actionId === EXPLAIN_ACTION) return turn.adapterLimits.forms ? openExplainForm(turn, value) : startExplain(turn, value);
  if (actionId !== LESSON_ACTION) throw new UserError('outdatedButton');
  const parsed = parseLessonAction(value);
  if (!parsed) throw new UserError('outdatedButton');
  // Pressing the same lesson button twice must not start two quizzes or post a model answer twice.
  if (parsed.token && (parsed.action === 'quiz' || parsed.action === 'answer')) await claimPress(turn, `${parsed.action}:${parsed.id}:${parsed.token}`);
  switch (parsed.action) {
    case 'answer':
      return showModelAnswer(turn, parsed.id);
    case 'quiz':
      return startQuiz(turn, parsed.id);
    case 'explain':
      return turn.adapterLimits.forms ? openExplainForm(turn, parsed.id) : startExplain(turn, parsed.id);
    case 'confidence':
      return askConfidence(turn, parsed.id);
    case 'next':
      return nextLesson(turn, parsed.id);
  }
}
