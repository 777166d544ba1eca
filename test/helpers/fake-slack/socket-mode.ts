// Slack's Socket Mode side on the fake's HTTP server: `apps.connections.open` hands out a loopback
// WebSocket URL; a client that connects gets `hello`, then envelopes (slash commands, interactions, events)
// that it must acknowledge with their `envelope_id`. Acks are recorded with their payloads and times.
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketAck {
  envelopeId: string;
  payload: unknown;
  at: number;
}

export interface FakeSocketMode {
  url(base: string): string;
  /** Resolves once a client has connected and been greeted. */
  connected(): Promise<void>;
  /** Sends an envelope and resolves with its acknowledgement. */
  push(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown): Promise<SocketAck>;
  readonly acks: SocketAck[];
  close(): Promise<void>;
}

export function attachSocketMode(server: Server): FakeSocketMode {
  const wss = new WebSocketServer({ noServer: true });
  const acks: SocketAck[] = [];
  const waiting = new Map<string, (ack: SocketAck) => void>();
  let client: WebSocket | undefined;
  let greeted: () => void;
  let greetedPromise = new Promise<void>((resolve) => (greeted = resolve));
  let counter = 0;

  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/socket')) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      client = ws;
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (!message.envelope_id) return;
        const ack = { envelopeId: message.envelope_id, payload: message.payload, at: Date.now() };
        acks.push(ack);
        waiting.get(message.envelope_id)?.(ack);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'AFAKE' }, debug_info: { host: 'fake' } }));
      greeted();
    });
  });

  return {
    url: (base) => `${base.replace(/^http/, 'ws')}/socket?ticket=fake`,
    connected: () => greetedPromise,
    acks,
    push(type, payload) {
      if (!client) throw new Error('no Socket Mode client is connected');
      const envelopeId = `env-${++counter}`;
      const acked = new Promise<SocketAck>((resolve) => waiting.set(envelopeId, resolve));
      client.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
      return acked;
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      greetedPromise = new Promise<void>((resolve) => (greeted = resolve));
    },
  };
}
