// Short random tokens for one-shot buttons: unguessable enough to tell one press from another, short
// enough to fit every platform's button payload limit.
export function newToken(): string {
  return globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 10);
}
