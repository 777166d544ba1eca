// The fake's gateway: a loopback WebSocket speaking Discord's protocol without compression (discord.js
// asks for zlib-stream only when zlib-sync is installed, and it is not): HELLO, IDENTIFY -> READY and
// GUILD_CREATE, heartbeats acknowledged, RESUME replaying what a dropped connection missed, and
// dispatches numbered in one sequence per session.
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { GatewayDispatchEvents, GatewayOpcodes, type GatewayDispatchPayload, type GatewayReceivePayload, type GatewaySendPayload } from 'discord-api-types/v10';

export interface GatewayHooks {
  /** READY's data and the GUILD_CREATE that follows, for a new session. */
  ready(sessionId: string, resumeUrl: string): { ready: unknown; guild: unknown };
}

interface Session {
  id: string;
  seq: number;
  /** Every dispatch of the session, for RESUME to replay. */
  sent: GatewayDispatchPayload[];
  socket?: WebSocket;
}

export class FakeGateway {
  readonly identifies: { intents: number; at: number }[] = [];
  readonly resumes: { sessionId: string; seq: number; replayed: number }[] = [];
  heartbeats = 0;
  private readonly wss: WebSocketServer;
  private session: Session | undefined;
  private sessions = 0;
  private readyWaiters: (() => void)[] = [];

  constructor(
    server: Server,
    private readonly token: string,
    private readonly url: () => string,
    private readonly hooks: GatewayHooks,
    private readonly heartbeatInterval: number,
  ) {
    this.wss = new WebSocketServer({ server, path: '/gateway' });
    this.wss.on('connection', (socket) => this.connected(socket));
  }

  /** Resolves once a connection has identified or resumed (immediately when one is live). */
  whenReady(): Promise<void> {
    if (this.session?.socket) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  get hasSession(): boolean {
    return this.session !== undefined;
  }

  dispatch(t: GatewayDispatchPayload['t'], d: unknown): void {
    const session = this.session;
    if (!session) throw new Error('no gateway session: the bot has not identified');
    const payload = { op: GatewayOpcodes.Dispatch, t, d, s: ++session.seq } as GatewayDispatchPayload;
    session.sent.push(payload);
    session.socket?.send(JSON.stringify(payload));
  }

  /** Cuts the connection as a network drop would; the session survives for RESUME. */
  drop(code = 4000): void {
    const socket = this.session?.socket;
    if (!this.session || !socket) throw new Error('nothing to drop');
    this.session.socket = undefined;
    socket.close(code, 'fake drop');
  }

  /** Forgets the session, so the next RESUME is refused with INVALID_SESSION and the bot identifies anew. */
  invalidateSession(): void {
    this.session = undefined;
  }

  close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private send(socket: WebSocket, payload: GatewayReceivePayload): void {
    socket.send(JSON.stringify(payload));
  }

  private connected(socket: WebSocket): void {
    this.send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.heartbeatInterval }, s: null, t: null });
    socket.on('message', (raw) => this.received(socket, JSON.parse(String(raw)) as GatewaySendPayload));
  }

  private received(socket: WebSocket, payload: GatewaySendPayload): void {
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.heartbeats += 1;
        return this.send(socket, { op: GatewayOpcodes.HeartbeatAck, s: null, t: null } as GatewayReceivePayload);
      case GatewayOpcodes.Identify: {
        if (payload.d.token !== this.token) return void socket.close(4004, 'Authentication failed');
        this.identifies.push({ intents: payload.d.intents, at: Date.now() });
        this.session = { id: `session-${++this.sessions}`, seq: 0, sent: [], socket };
        const { ready, guild } = this.hooks.ready(this.session.id, this.url());
        this.dispatch(GatewayDispatchEvents.Ready, ready);
        this.dispatch(GatewayDispatchEvents.GuildCreate, guild);
        return this.ready();
      }
      case GatewayOpcodes.Resume: {
        const session = this.session;
        if (payload.d.token !== this.token) return void socket.close(4004, 'Authentication failed');
        if (!session || session.id !== payload.d.session_id) return this.send(socket, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
        session.socket = socket;
        const missed = session.sent.filter((p) => p.s > payload.d.seq);
        this.resumes.push({ sessionId: session.id, seq: payload.d.seq, replayed: missed.length });
        for (const p of missed) socket.send(JSON.stringify(p));
        this.dispatch(GatewayDispatchEvents.Resumed, null);
        return this.ready();
      }
      default:
        return;
    }
  }

  private ready(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
