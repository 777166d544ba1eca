// Acknowledgements before work: work after an ack waits while a request received earlier is unanswered,
// continues once it is answered (or abandoned, or after the bound), in order, and is never lost: a click
// whose work was held still records its attempt, and a failure in held work still reaches the person
// with an error id.
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAckFirst } from '../../../src/adapters/slack/ack-first.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { CHANNEL, alice, bob, findButton, readText, signedHeaders, startSlackWorld, type SlackWorld } from '../../helpers/fake-slack/index.ts';

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** Resolves true if `p` settled within `ms`. */
const settledWithin = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('ack-first: the queue of work after acknowledgements', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A server that holds every response until told, watched by a fresh queue. */
  async function holdingServer(maxWaitMs?: number) {
    const gate = createAckFirst(maxWaitMs);
    const held: ServerResponse[] = [];
    server = createServer((_req, res) => void held.push(res));
    gate.watch(server);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const send = () => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/' });
      req.on('error', () => {});
      req.end('x');
      return req;
    };
    const received = async (n: number) => {
      while (held.length < n) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    return { gate, held, send, received };
  }

  it('given nothing unanswered, lets work continue on the next turn, in the order it asked', async () => {
    const { gate } = await holdingServer();
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => gate.turn().then(() => void order.push(n))));
    expect(order).toEqual([1, 2, 3]);
  });

  it('given a request not yet answered, holds work until its response is written, then lets it go', async () => {
    const { gate, held, send, received } = await holdingServer(60_000);
    send();
    await received(1);
    expect(gate.unanswered).toBe(1);
    const work = gate.turn();
    expect(await settledWithin(work, 100)).toBe(false);
    held[0]!.end('ok');
    expect(await settledWithin(work, 5_000)).toBe(true);
    expect(gate.unanswered).toBe(0);
  });

  it('given the client goes away before its answer, counts the request as answered', async () => {
    const { gate, send, received } = await holdingServer(60_000);
    const req = send();
    await received(1);
    const work = gate.turn();
    req.destroy();
    expect(await settledWithin(work, 5_000)).toBe(true);
    expect(gate.unanswered).toBe(0);
  });

  it('given a request that is never answered, holds work no longer than the bound', async () => {
    const { gate, send, received } = await holdingServer(30);
    send();
    await received(1);
    expect(await settledWithin(gate.turn(), 5_000)).toBe(true);
    expect(gate.unanswered).toBe(1);
  });
});

describe('Slack: acknowledgements first, the work after them never lost', () => {
  let w: SlackWorld;
  const open: Socket[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) s.destroy();
    await w?.close();
  });

  /** A signed request whose body has only half arrived: received by the server, not answered yet. */
  async function halfSent(body: string): Promise<{ finish(): Promise<number> }> {
    const headers = { ...signedHeaders(body, 'application/x-www-form-urlencoded'), host: '127.0.0.1', 'content-length': String(Buffer.byteLength(body)) };
    const socket = connect(w.adapter.port!, '127.0.0.1');
    open.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const head = `POST /slack/events HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    const half = Math.floor(body.length / 2);
    socket.write(head + body.slice(0, half));
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString()));
    return {
      async finish() {
        socket.write(body.slice(half));
        while (!/^HTTP\/1\.1 (\d+)/.test(response)) await new Promise((resolve) => setTimeout(resolve, 5));
        return Number(/^HTTP\/1\.1 (\d+)/.exec(response)![1]);
      },
    };
  }

  async function openQuestion() {
    await w.slack.command(alice, CHANNEL, 'lesson 1');
    await w.settle();
    const quiz = findButton(w.fake.seenBy(alice.id, CHANNEL, w.fake.threads()[0]!.ts), 'Quiz me')!;
    await w.slack.click(alice, quiz.message, quiz.element);
    await w.settle();
    return findButton(w.fake.seenBy(alice.id, CHANNEL, w.fake.threads()[0]!.ts), 'B')!;
  }

  it('given a request still arriving, a click is acknowledged at once and its work waits for that request, then happens once', async () => {
    w = await startSlackWorld(makeContentTree().root, { ackFirstMaxWaitMs: 60_000 });
    const answer = await openQuestion();
    const callsBefore = w.fake.calls.length;
    const pending = await halfSent(w.slack.commandBody(bob, CHANNEL, 'progress'));
    await turns(5);

    const ack = await w.slack.click(alice, answer.message, answer.element);
    expect({ status: ack.status, body: ack.body }).toEqual({ status: 200, body: '' });
    // Held: the click's attempt and its answer wait while bob's request is unanswered.
    expect(await settledWithin(w.settle(), 300)).toBe(false);
    expect(w.t.count('QuizAttempt')).toBe(0);
    expect(w.fake.calls.length).toBe(callsBefore);

    const released = Date.now();
    expect(await pending.finish()).toBe(200);
    await w.settle();
    expect(w.t.count('QuizAttempt')).toBe(1);
    const after = w.fake.calls.slice(callsBefore);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((c) => c.at >= released)).toBe(true);
    // Both got their answers: alice's feedback and bob's progress, each privately.
    expect(after.map((c) => c.method)).toContain('chat.update');
    expect(w.fake.seenBy(bob.id, CHANNEL).filter((m) => m.onlyFor === bob.id)).toHaveLength(1);
  });

  it('given a request that never finishes arriving, the click\'s work goes on after the bound', async () => {
    w = await startSlackWorld(makeContentTree().root, { ackFirstMaxWaitMs: 50 });
    const answer = await openQuestion();
    await halfSent(w.slack.commandBody(bob, CHANNEL, 'progress'));
    await turns(5);
    await w.slack.click(alice, answer.message, answer.element);
    await w.settle();
    expect(w.t.count('QuizAttempt')).toBe(1);
    expect(w.adapter.port).toBeDefined();
  });

  it('given held work that fails, the person still gets a private message with an error id that is in the log', async () => {
    w = await startSlackWorld(makeContentTree().root, { ackFirstMaxWaitMs: 60_000 });
    const answer = await openQuestion();
    const pending = await halfSent(w.slack.commandBody(bob, CHANNEL, 'progress'));
    await turns(5);
    const store = w.t.app.coach.deps.store;
    const resolve = store.learners.resolve.bind(store.learners);
    store.learners.resolve = async (user) => {
      if (user.id.endsWith(alice.id)) throw new Error('disk on fire');
      return resolve(user);
    };
    const ack = await w.slack.click(alice, answer.message, answer.element);
    expect(ack.status).toBe(200);
    expect(await pending.finish()).toBe(200);
    await w.settle();
    const reply = w.fake.seenBy(alice.id, CHANNEL, w.fake.threads()[0]!.ts).filter((m) => m.onlyFor === alice.id).at(-1)!;
    const errorId = /error `([0-9a-f]{8})`/.exec(readText(reply))?.[1];
    expect(readText(reply)).toBe(`Something went wrong on my side; it has been logged as error \`${errorId}\`. Please try again.`);
    expect(w.t.logs.filter((l) => l.errorId === errorId && l.msg === 'event failed')).toHaveLength(1);
    expect(w.t.count('QuizAttempt')).toBe(0);
  });
});
