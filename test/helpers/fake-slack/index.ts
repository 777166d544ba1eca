// The fake Slack: Web API and Socket Mode (server.ts, socket-mode.ts), Slack's signed requests to the app
// (requests.ts), and a whole test workspace around the real adapter (world.ts).
export * from './server.ts';
export * from './requests.ts';
export * from './world.ts';
