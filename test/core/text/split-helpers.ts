// Checks shared by the splitter tests: whether a part's fences are balanced, and the original text
// rebuilt from parts by taking out the fence lines the splitter added.
import { expect } from 'vitest';

/** True when every fence the part opens is closed in the same part. */
export function fencesBalanced(part: string): boolean {
  let open = false;
  for (const line of part.split('\n')) {
    if (open && /^```\s*$/.test(line)) open = false;
    else if (!open && line.startsWith('```')) open = true;
  }
  return !open;
}

/** How much of the original the parts give back once the added fences are taken out; -1 on a mismatch. */
export function rejoinedLength(parts: string[], original: string): number {
  let at = 0;
  for (const part of parts) {
    let whole = part;
    const reopen = /^```\S*\n/.exec(whole)?.[0];
    if (reopen && !original.startsWith(reopen, at)) whole = whole.slice(reopen.length);
    // The added closing fence is "```" after a line break and "\n```" after a cut inside a line.
    const body = [whole, whole.replace(/```$/, ''), whole.replace(/\n```$/, '')].find((b) => original.startsWith(b, at));
    if (body === undefined) return -1;
    at += body.length;
  }
  return at;
}

/** Asserts that the parts, without the reopened and added closing fences, are exactly the original. */
export function expectRejoins(parts: string[], original: string): void {
  expect(rejoinedLength(parts, original), JSON.stringify(parts).slice(0, 500)).toBe(original.length);
}
