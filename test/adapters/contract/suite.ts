// The one contract every adapter passes: the terminal and the in-memory fake platform today, Discord and
// Slack against their fakes when they land. Each adapter supplies a harness (harness.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { lesson, makeContentTree } from '../../helpers/content.ts';
import type { Harness } from './harness.ts';

/** `interactions`: the platform acknowledges interactions and gives delivery ids (not the terminal). */
export function adapterContract(name: string, create: (contentDir: string) => Promise<Harness>, traits: { interactions: boolean }): void {
  describe(`adapter contract: ${name}`, () => {
    let h: Harness;
    afterEach(async () => h?.close());
    const start = async () => (h = await create(makeContentTree().root));

    it('given /lesson, opens the lesson in its own thread with its action buttons', async () => {
      await start();
      await h.send('Alice', 'main', '/lesson 1');
      expect(h.threadTitles()).toEqual(['Step 1 · Lesson demo-step-1']);
      expect(h.seen('Alice', 1).at(-1)!.buttons).toEqual(['Answer Q1', 'Answer Q2', 'Answer Q3', 'Quiz me', 'Explain in 30s', 'Confidence', 'Next lesson']);
    });

    it('given a question answered, updates that message in place: the choice shown, its buttons locked', async () => {
      await start();
      await h.send('Alice', 'main', '/quiz demo-step-1');
      await h.press('Alice', 1, 'B');
      const questions = h.seen('Alice', 1).filter((m) => m.text.includes('Question demo-step-1-q1?'));
      expect(questions).toHaveLength(1);
      expect(questions[0]).toMatchObject({ buttons: [], locked: 'B' });
      expect(h.count('QuizAttempt')).toBe(1);
    });

    it("given quiz feedback, only the learner sees it (or, on one shared screen, it is marked as theirs)", async () => {
      await start();
      await h.send('Alice', 'main', '/quiz demo-step-1');
      await h.press('Alice', 1, 'B');
      const feedback = h.seen('Alice', 1).filter((m) => m.text.startsWith('✅ **Right: B.**') || m.text.startsWith('✅ Right: B.'));
      expect(feedback).toHaveLength(1);
      expect(feedback[0]!.private).toBe(true);
      const bobSees = h.seen('Bob', 1).filter((m) => m.text.includes('Right: B.'));
      expect(bobSees).toHaveLength(h.privacy === 'hidden' ? 0 : 1);
    });

    it('given many learners in one lesson thread, each gets their own quiz and nobody is refused', async () => {
      await start();
      await h.send('Alice', 'main', '/lesson 1');
      await h.press('Bob', 1, 'Quiz me');
      await h.press('Bob', 1, 'B');
      await h.send('Carol', 1, '/quiz');
      await h.press('Carol', 1, 'B');
      expect(h.count('QuizAttempt')).toBe(2);
      const questions = h.seen('Alice', 1).filter((m) => /Question 2 of 5/.test(m.text)).map((m) => m.text.split('\n')[0]!.replace(/\*|_/g, ''));
      expect(questions).toEqual(['Question 2 of 5 · for Bob · demo-step-1-alpha · easy', 'Question 2 of 5 · for Carol · demo-step-1-alpha · easy']);
      expect(h.seen('Alice', 1).filter((m) => /someone else|older message|Already done/.test(m.text))).toEqual([]);
      expect(h.threadTitles()).toEqual(['Step 1 · Lesson demo-step-1']);
    });

    it("given a lesson longer than the platform's limit, sends it in parts that fit, code in whole code blocks, and the buttons on the last part", async () => {
      const tree = makeContentTree();
      const paragraph = (n: number) => `Paragraph ${n}: ${'select_related joins in SQL, prefetch_related runs a second query. '.repeat(30)}`;
      const code = Array.from({ length: 60 }, (_, i) => `print("line ${i}", ${i} * 2)  # ${'padding '.repeat(4)}`).join('\n');
      tree.writeLesson('demo', lesson(1, 'demo-step-1', {
        recap: [paragraph(1), paragraph(2), paragraph(3)],
        exercises: [{ id: 'long-ex', title: 'Long', task: 'Run it', doneWhen: 'it prints', starter: code, solution: code, expectedOutput: 'x\n' }],
      }));
      h = await create(tree.root);
      await h.send('Alice', 'main', '/lesson 1');
      const seen = h.seen('Alice', 1);
      expect(seen.every((m) => m.text.length <= h.maxTextLength)).toBe(true);
      const squash = (x: string) => x.replace(/\s+/g, ' ');
      expect(squash(seen.map((m) => m.text).join(' '))).toContain(squash(paragraph(3)).trim());
      expect(seen.filter((m) => m.text.includes('print("line 59"')).length).toBe(1);
      expect(seen.filter((m) => m.buttons.length > 0).map((m) => m.buttons.at(-1))).toEqual(['Next lesson']);
      expect(seen.at(-1)!.buttons.at(-1)).toBe('Next lesson');
    });

    it('given "Explain in 30s", opens a form where the platform has forms (else posts the prompt), grades the answer once', async () => {
      await start();
      await h.send('Alice', 'main', '/lesson 1');
      await h.press('Alice', 1, 'Explain in 30s');
      const forms = h.formsOpened('Alice');
      const prompts = h.seen('Alice', 1).filter((m) => m.text.includes('Explain demo-step-1 to a junior dev'));
      if (forms.length > 0) expect({ forms, prompts: prompts.length }).toEqual({ forms: ['Explain · Lesson demo-step-1'], prompts: 0 });
      else expect(prompts).toHaveLength(1);
      await h.answerForm('Alice', 1, 'It uses a SQL join over the foreign key to avoid N+1 queries.');
      expect(h.count('ExplainAttempt')).toBe(1);
      expect(h.seen('Alice', 1).filter((m) => m.text.includes('Score 75/100'))).toHaveLength(1);
      if (forms.length > 0) {
        await h.answerForm('Alice', 1, 'Again, the same answer a second time.');
        expect(h.seen('Alice', 1).at(-1)).toMatchObject({ private: true, text: expect.stringContaining('no longer open') });
      }
      expect(h.count('ExplainAttempt')).toBe(1);
    });

    it('given a display name that would ping everyone, shows it without pinging', async () => {
      await start();
      await h.send('Alice', 'main', '/lesson 1');
      await h.send('@everyone', 1, '/quiz');
      const question = h.seen('Alice', 1).find((m) => m.text.includes('Question 1 of 5'))!;
      expect(question.text).toContain('for @\u200beveryone');
      expect(h.seen('Alice', 1).some((m) => m.text.includes('@everyone'))).toBe(false);
    });

    // Only adapters whose platform has interactions (acknowledgements, delivery ids) have this part.
    if (traits.interactions) it('given a slow core, acknowledges each interaction exactly once and before the work starts', async () => {
      await start();
      const interactions = h.interactions!;
      const release = interactions.holdWork();
      const pending = h.send('Alice', 'main', '/progress', { deliveryId: 'slow-1' });
      // Polled, not a fixed wait: on a loaded machine the acknowledgement may take longer than a few ms, but
      // it must come while the work is still held, within the platforms' 3 s.
      const held = () => interactions.acknowledgements().find((a) => a.deliveryId === 'slow-1');
      for (const deadline = Date.now() + 3000; !held()?.count && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 5));
      const whileHeld = held();
      release();
      await pending;
      expect(whileHeld).toEqual({ deliveryId: 'slow-1', count: 1, beforeWork: true });
      expect(interactions.acknowledgements().find((a) => a.deliveryId === 'slow-1')).toEqual({ deliveryId: 'slow-1', count: 1, beforeWork: true });
      expect(h.seen('Alice', 'main').filter((m) => m.text.startsWith('No progress yet'))).toMatchObject([{ private: true }]);
    });

    it('given the same delivery twice, handles it once', async () => {
      await start();
      await h.send('Alice', 'main', '/confidence 4', { deliveryId: 'twice' });
      await h.send('Alice', 'main', '/confidence 4', { deliveryId: 'twice' });
      // The terminal has no delivery ids: each line is a new event.
      expect(h.count('ConfidenceRating')).toBe(traits.interactions ? 1 : 2);
    });
  });
}
