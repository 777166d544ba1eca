import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { lesson, makeContentTree } from '../helpers/content.ts';
import { alice, channel } from '../helpers/recording-adapter.ts';

let t: TestApp;
afterEach(async () => t?.close());

describe('content import on start', () => {
  it('given unchanged content, a second start writes nothing', async () => {
    const tree = makeContentTree({ steps: 5, written: 3 });
    t = await createTestApp(tree.root);
    expect(t.app.imported).toMatchObject({ tracksWritten: 1, lessonsWritten: 3, lessonsUnchanged: 0 });
    await t.close();
    t = await createTestApp(tree.root, undefined, t.dbFile);
    expect(t.app.imported).toMatchObject({ tracksWritten: 0, lessonsWritten: 0, lessonsUnchanged: 3, lessonsRetired: 0 });
  });

  it('given an edited lesson, imports the edit and keeps learners\' history', async () => {
    const tree = makeContentTree({ steps: 5, written: 3 });
    t = await createTestApp(tree.root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    await t.press(alice, t.adapter.threads[0]!.conv, 'quiz', t.adapter.lastButtons()[1]!.value);
    await t.command(alice, t.adapter.threads[0]!.conv, 'confidence', { level: '3' });
    await t.close();

    tree.writeLesson('demo', lesson(1, 'demo-step-1', { title: 'Lesson one, revised', contentVersion: '20261201' }));
    t = await createTestApp(tree.root, undefined, t.dbFile);
    expect(t.app.imported).toMatchObject({ lessonsWritten: 1, lessonsUnchanged: 2 });
    expect(t.rows('Lesson', `id = 'demo-step-1'`)).toMatchObject([{ title: 'Lesson one, revised', version: '20261201' }]);
    expect(t.count('QuizAttempt')).toBe(1);
    expect(t.count('ConfidenceRating')).toBe(1);
    await t.command(alice, channel, 'progress', {});
    expect(t.adapter.last().text).toContain('quiz accuracy: 100% (1/1)');
  });

  it('given a lesson file broken after a good import, refuses it and keeps serving the previous version', async () => {
    const tree = makeContentTree({ steps: 5, written: 3 });
    t = await createTestApp(tree.root);
    await t.close();
    tree.writeRaw('tracks/demo/lessons/02-demo-step-2.yaml', 'id: demo-step-2\nstep: 2\nquiz: not-a-list\n');
    t = await createTestApp(tree.root, undefined, t.dbFile);
    expect(t.app.imported.rejectedFiles).toEqual(['tracks/demo/lessons/02-demo-step-2.yaml']);
    expect(t.app.imported.lessonsRetired).toBe(0);
    await t.command(alice, channel, 'lesson', { step: '2' });
    expect(t.adapter.threads.map((x) => x.title)).toEqual(['Step 2 · Lesson demo-step-2']);
  });

  it('given a lesson file removed, retires it but keeps its rows for history', async () => {
    const tree = makeContentTree({ steps: 5, written: 3 });
    t = await createTestApp(tree.root);
    await t.close();
    const { rmSync } = await import('node:fs');
    rmSync(`${tree.root}/tracks/demo/lessons/03-demo-step-3.yaml`);
    t = await createTestApp(tree.root, undefined, t.dbFile);
    expect(t.app.imported.lessonsRetired).toBe(1);
    expect(t.rows('Lesson', `id = 'demo-step-3'`)).toMatchObject([{ retired: 1 }]);
    await t.command(alice, channel, 'lesson', { step: '3' });
    expect(t.adapter.last().text).toContain('isn\'t written yet');
  });
});

describe('content import with a broken track file', () => {
  it('given track.yaml broken after a good import, keeps serving the track and all its lessons', async () => {
    const tree = makeContentTree({ steps: 5, written: 3 });
    t = await createTestApp(tree.root);
    await t.close();
    tree.writeRaw('tracks/demo/track.yaml', 'id: demo\nsteps: oops\n');
    t = await createTestApp(tree.root, undefined, t.dbFile);
    expect(t.app.imported).toMatchObject({ lessonsRetired: 0, rejectedFiles: ['tracks/demo/track.yaml'] });
    await t.command(alice, channel, 'lesson', { step: '3' });
    expect(t.adapter.threads.map((x) => x.title)).toEqual(['Step 3 · Lesson demo-step-3']);
  });
});
