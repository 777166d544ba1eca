// learnerOverview: what a dashboard (Slack's App Home) shows, through the core's ports.
import { afterEach, describe, expect, it } from 'vitest';
import { learnerOverview } from '../../../src/core/progress/index.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { alice, channel } from '../../helpers/recording-adapter.ts';

let t: TestApp;
afterEach(async () => t?.close());

describe('learner overview', () => {
  it('given a newcomer, offers the default track\'s first step and no tracks yet', async () => {
    t = await createTestApp(makeContentTree().root);
    const overview = await learnerOverview(t.app.coach.deps, alice);
    expect(overview).toEqual({ displayName: 'Alice', report: { tracks: [], weakestTopics: [] }, next: { trackId: 'demo', trackTitle: 'Track demo', step: 1, total: 5, title: 'Lesson demo-step-1' } });
  });

  it('given the step a learner is on, offers it until it is done, then the next written step', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '2' });
    expect((await learnerOverview(t.app.coach.deps, alice)).next).toMatchObject({ step: 2, title: 'Lesson demo-step-2' });
    const thread = t.adapter.threads[0]!.conv;
    await t.command(alice, thread, 'explain', {});
    await t.say(alice, thread, 'It uses a SQL join over the foreign key to avoid N+1 queries.');
    expect(t.count('LessonProgress', `"status" = 'completed'`)).toBe(1);
    const overview = await learnerOverview(t.app.coach.deps, alice);
    expect(overview.next).toMatchObject({ step: 3, title: 'Lesson demo-step-3' });
    expect(overview.report.tracks).toMatchObject([{ trackId: 'demo', step: 2, lessonsDone: 1, explainAverage: 75 }]);
  });
});
