// The one state machine every adapter uses to answer an event: pending -> deferred -> replied -> follow-ups.
import { describe, expect, it } from 'vitest';
import { message, text, type OutboundMessage } from '../../src/core/messages.ts';
import { createResponder, type FirstResponse, type ResponseOps } from '../../src/core/responder.ts';

function recorder() {
  const calls: string[] = [];
  const ref = { conv: { platform: 'discord' as const, workspaceId: 'g', channelId: 'c' }, messageId: 'x' };
  const log = (name: string) => async (msg?: OutboundMessage | FirstResponse, visibility?: string) => {
    const detail = msg && 'blocks' in msg ? (msg.fallbackText) : msg && 'kind' in msg ? JSON.stringify(msg) : '';
    calls.push([name, detail, visibility].filter(Boolean).join(' '));
    return ref;
  };
  const ops: ResponseOps = { acknowledge: log('ack') as never, fill: log('fill'), followUp: log('followUp') as never, post: log('post'), close: log('close') as never };
  return { calls, ops };
}
const pub = (t: string) => message([text(t)], t);
const priv = (t: string) => message([text(t)], t, 'private');

describe('responder', () => {
  it('given a click that opened a form, a private answer follows up privately and a public one is posted', async () => {
    const { calls, ops } = recorder();
    const form = { id: 'explain:x', title: 'Explain', intro: 'Go', fields: [] };
    const r = createResponder({ kind: 'form', form }, ops);
    await r.acknowledge();
    await r.respond(priv('that went wrong'));
    await r.respond(pub('prompt'));
    await r.finish();
    expect(calls).toEqual([`ack ${JSON.stringify({ kind: 'form', form })}`, 'followUp that went wrong private', 'post prompt']);
  });

  it('given a private defer, fills the placeholder with the first private answer and follows up after', async () => {
    const { calls, ops } = recorder();
    const r = createResponder({ kind: 'defer', visibility: 'private' }, ops);
    await r.acknowledge();
    await r.respond(priv('feedback'));
    await r.respond(priv('more'));
    await r.finish();
    expect(calls).toEqual(['ack {"kind":"defer","visibility":"private"}', 'fill feedback', 'followUp more private']);
  });

  it('given a public answer to a private defer, posts it beside the placeholder and closes the unfilled placeholder at the end', async () => {
    const { calls, ops } = recorder();
    const r = createResponder({ kind: 'defer', visibility: 'private' }, ops);
    await r.acknowledge();
    await r.respond(pub('next question'));
    await r.finish();
    expect(calls).toEqual(['ack {"kind":"defer","visibility":"private"}', 'post next question', 'close']);
  });

  it('given a private answer to a public defer, follows up privately and the placeholder waits for a public one', async () => {
    const { calls, ops } = recorder();
    const r = createResponder({ kind: 'defer', visibility: 'public' }, ops);
    await r.acknowledge();
    await r.respond(priv('only you'));
    await r.respond(pub('for everyone'));
    await r.finish();
    expect(calls).toEqual(['ack {"kind":"defer","visibility":"public"}', 'followUp only you private', 'fill for everyone']);
  });

  it('given a fill that fails, keeps the placeholder open: the next answer of its kind fills it, or finish closes it', async () => {
    const { calls, ops } = recorder();
    let failures = 1;
    const fill = ops.fill;
    ops.fill = async (msg) => {
      if (failures-- > 0) throw new Error('Unknown Webhook');
      return fill(msg);
    };
    const r = createResponder({ kind: 'defer', visibility: 'private' }, ops);
    await r.acknowledge();
    await expect(r.respond(priv('feedback'))).rejects.toThrow('Unknown Webhook');
    expect(r.state).toBe('deferred');
    await r.respond(priv('sorry, error abc'));
    await r.finish();
    expect(calls).toEqual(['ack {"kind":"defer","visibility":"private"}', 'fill sorry, error abc']);

    const closing = recorder();
    closing.ops.fill = async () => {
      throw new Error('Unknown Webhook');
    };
    const r2 = createResponder({ kind: 'defer', visibility: 'public' }, closing.ops);
    await r2.acknowledge();
    await expect(r2.respond(pub('lesson'))).rejects.toThrow('Unknown Webhook');
    await r2.finish();
    expect(closing.calls).toEqual(['ack {"kind":"defer","visibility":"public"}', 'close']);
  });

  it('given a second acknowledgement, refuses it; given none before answering, acknowledges once first', async () => {
    const { calls, ops } = recorder();
    const r = createResponder({ kind: 'defer', visibility: 'public' }, ops);
    await r.respond(pub('hi'));
    await expect(r.acknowledge()).rejects.toThrow('an event can be acknowledged only once');
    expect(calls).toEqual(['ack {"kind":"defer","visibility":"public"}', 'fill hi']);
  });

  it('given a plain message (no interaction), posts public answers and sends private ones privately', async () => {
    const { calls, ops } = recorder();
    const r = createResponder({ kind: 'none' }, ops);
    await r.acknowledge();
    await r.respond(pub('graded'));
    await r.respond(priv('just you'));
    await r.finish();
    expect(calls).toEqual(['ack {"kind":"none"}', 'post graded', 'followUp just you private']);
  });
});
