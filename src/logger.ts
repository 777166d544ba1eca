// pino logger factory. Logs go to stderr so the terminal adapter's stdout stays a clean transcript;
// token-like fields are redacted in case an error object carries them.
import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      redact: { paths: ['*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.authorization', 'config'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}

export type { Logger };
