// Splits Markdown that is too long for one message (Discord: 2,000 characters, a Slack section: 3,000)
// into parts a reader can follow: cuts fall between paragraphs, else between lines, else between words,
// and a single word longer than a part is the only thing ever cut in two. A cut inside a fenced code
// block closes the fence at the end of the part and reopens it, with the same language, at the start of
// the next, so every part renders its code as code.
//
// Nothing else is added or lost: the whitespace at a cut stays at the end of the earlier part (platforms
// trim it when showing a message), so joining the parts without the added fence lines gives back the
// text exactly. Lengths are UTF-16 code units, never fewer than the characters a platform counts.

interface Fence {
  /** The reopening line for the next part, e.g. "```python\n". */
  reopen: string;
  /** Where the opening line starts and where the line after it starts. */
  openStart: number;
  openEnd: number;
  /** Where the closing ``` line starts and ends; the text's end for a fence that is never closed. */
  closeStart: number;
  closeEnd: number;
}

type CutKind = 'paragraph' | 'line' | 'word';
const PREFERENCE: CutKind[] = ['paragraph', 'line', 'word'];

/**
 * Parts of at most maxLength each (the first at most firstMaxLength, for a part that already holds
 * something else). Empty text gives no parts. Throws a RangeError when a limit cannot hold a reopened
 * fence plus one character.
 */
export function splitMarkdown(markdown: string, maxLength: number, firstMaxLength = maxLength): string[] {
  for (const limit of [maxLength, firstMaxLength]) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a part's length limit must be a positive integer, got ${limit}`);
  }
  const fences = findFences(markdown);
  const cuts = findCuts(markdown);
  const parts: string[] = [];
  let start = 0;
  let open: Fence | undefined;
  while (start < markdown.length) {
    const prefix = open ? open.reopen : '';
    const room = (parts.length === 0 ? firstMaxLength : maxLength) - prefix.length;
    if (markdown.length - start <= room) {
      parts.push(prefix + markdown.slice(start));
      break;
    }
    const cut = chooseCut(markdown, start, room, fences, cuts);
    if (cut === undefined) {
      const limit = parts.length === 0 ? firstMaxLength : maxLength;
      throw new RangeError(`a part of ${limit} characters cannot hold a reopened code fence and the code after it`);
    }
    parts.push(prefix + markdown.slice(start, cut.at) + closing(markdown, cut.at, cut.inside));
    open = cut.inside;
    start = cut.at;
  }
  return parts;
}

// A fence opens on a line that starts with ``` (the language is the word after it) and closes on a line
// that is only ```, the way Discord and Slack read them.
function findFences(text: string): Fence[] {
  const fences: Fence[] = [];
  let current: { reopen: string; openStart: number; openEnd: number } | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    if (current && /^```\s*$/.test(line)) {
      fences.push({ ...current, closeStart: lineStart, closeEnd: lineStart + 3 });
      current = undefined;
    } else if (!current && line.startsWith('```')) {
      const language = /^```(\S*)/.exec(line)?.[1] ?? '';
      current = { reopen: `\`\`\`${language}\n`, openStart: lineStart, openEnd: lineEnd + 1 };
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (current) fences.push({ ...current, closeStart: text.length, closeEnd: text.length });
  return fences;
}

interface Cut {
  at: number;
  kind: CutKind;
}

// Cuts sit after a run of spaces, tabs or newlines; a no-break space is no place to cut. After line
// breaks the cut is right after the last newline, so the next line keeps its indentation (code stays code).
function findCuts(text: string): Cut[] {
  const cuts: Cut[] = [];
  for (const run of text.matchAll(/[ \t\r\n]+/g)) {
    const newlines = run[0].split('\n').length - 1;
    const at = newlines > 0 ? run.index + run[0].lastIndexOf('\n') + 1 : run.index + run[0].length;
    cuts.push({ at, kind: newlines >= 2 ? 'paragraph' : newlines === 1 ? 'line' : 'word' });
  }
  return cuts;
}

type Position = { inside?: Fence; allowed: boolean };

// Inside a fence a cut needs a closing fence. A cut right after the opening line or right before the
// closing one would leave an empty code block, and a cut within a fence line would break the fence.
function classify(at: number, fences: Fence[]): Position {
  for (const fence of fences) {
    if (at <= fence.openStart || at >= fence.closeEnd) continue;
    if (at <= fence.openEnd || at >= fence.closeStart) return { allowed: false };
    return { inside: fence, allowed: true };
  }
  return { allowed: true };
}

function closing(text: string, at: number, inside: Fence | undefined): string {
  if (!inside) return '';
  return text[at - 1] === '\n' ? '```' : '\n```';
}

function fits(text: string, start: number, at: number, room: number, fences: Fence[]): Position | undefined {
  if (at <= start || at >= text.length) return undefined;
  const position = classify(at, fences);
  if (!position.allowed) return undefined;
  return at - start + closing(text, at, position.inside).length <= room ? position : undefined;
}

function chooseCut(text: string, start: number, room: number, fences: Fence[], cuts: Cut[]): { at: number; inside?: Fence } | undefined {
  for (const kind of PREFERENCE) {
    for (let i = cuts.length - 1; i >= 0; i--) {
      const cut = cuts[i]!;
      if (cut.kind !== kind || cut.at > start + room) continue;
      if (cut.at <= start) break;
      const position = fits(text, start, cut.at, room, fences);
      if (position) return { at: cut.at, ...(position.inside ? { inside: position.inside } : {}) };
    }
  }
  // No whitespace fits: one word is longer than the room, so it is cut, never between a surrogate pair.
  for (let at = Math.min(start + room, text.length - 1); at > start; at--) {
    if (isLowSurrogate(text.charCodeAt(at))) continue;
    const position = fits(text, start, at, room, fences);
    if (position) return { at, ...(position.inside ? { inside: position.inside } : {}) };
  }
  return undefined;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
