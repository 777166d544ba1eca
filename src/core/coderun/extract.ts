// Finds the Python a learner meant to run in a chat message. Fenced blocks win (several are joined, in
// order, as one program); a fence tagged with another language is somebody else's snippet, not a request.
// Without any fence, inline `code` spans are the program. Adapters pass plain text (Slack's &lt; entities
// already decoded).

export interface ExtractedCode {
  language: 'python';
  code: string;
}

const PYTHON_TAGS = new Set(['', 'py', 'python', 'python3', 'py3']);

// ```tag\n body ``` where the tag is a single word ending the fence line; a fence with no newline after a
// word (```print(1)```) has no tag and all of it is code, as Discord and Slack render it.
const FENCE = /```([^\n`]*)(\n[\s\S]*?)?```/g;
const TAG_LINE = /^[\w+#.-]*$/;
const INLINE = /(?<!`)`([^`\n]+)`(?!`)/g;

function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

interface Fence {
  tag: string;
  body: string;
}

function fences(text: string): Fence[] {
  const found: Fence[] = [];
  for (const match of text.matchAll(FENCE)) {
    const head = match[1] ?? '';
    const rest = match[2] ?? '';
    if (rest.startsWith('\n') && TAG_LINE.test(head.trim())) {
      found.push({ tag: head.trim().toLowerCase(), body: rest.slice(1) });
    } else {
      found.push({ tag: '', body: head + rest });
    }
  }
  return found;
}

function tidy(code: string): string {
  // Trailing blank lines and spaces change nothing in Python and make line numbers in errors look off.
  return code.replace(/\s+$/, '');
}

export function extractCode(message: string): ExtractedCode | null {
  const text = normalise(message);
  const blocks = fences(text);
  if (blocks.length > 0) {
    const python = blocks.filter((block) => PYTHON_TAGS.has(block.tag)).map((block) => tidy(block.body));
    const code = tidy(python.filter((body) => body.trim() !== '').join('\n'));
    return code.trim() === '' ? null : { language: 'python', code };
  }
  const spans = [...text.matchAll(INLINE)].map((match) => (match[1] ?? '').trim()).filter(Boolean);
  if (spans.length === 0) return null;
  return { language: 'python', code: spans.join('\n') };
}
