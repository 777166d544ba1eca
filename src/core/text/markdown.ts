// The one Markdown subset the core emits (docs/markdown.md). Discord, Slack and the terminal each read
// Markdown differently, so the core keeps to what every renderer can show or convert faithfully:
// **bold**, _italic_, `code`, fenced code with a language, [text](https://url), "• " and "1. " lines,
// and paragraphs split by one blank line. This checker names everything else so that content and
// templates can be fixed at the source instead of being mangled by a renderer.

export interface MarkdownProblem {
  /** 1-based line of the text the problem is on. */
  line: number;
  message: string;
}

/** Problems as "line N: what is wrong", in line order; an empty list means the text is in the subset. */
export function markdownProblems(text: string): string[] {
  return findMarkdownProblems(text).map((p) => `line ${p.line}: ${p.message}`);
}

const FENCE_OPEN = /^```([A-Za-z0-9_+#.-]*)(.*)$/;

export function findMarkdownProblems(text: string): MarkdownProblem[] {
  const problems: MarkdownProblem[] = [];
  const lines = text.split('\n');
  let fenceOpenedOn: number | undefined;
  let blankRun = 0;
  lines.forEach((line, index) => {
    const report = (message: string) => problems.push({ line: index + 1, message });
    if (fenceOpenedOn !== undefined) {
      // Inside a fence anything goes, except a line that a renderer could take for the closing fence.
      if (line === '```') fenceOpenedOn = undefined;
      else if (/^\s*```/.test(line)) report('a closing fence must be ``` alone on its line');
      return;
    }
    blankRun = line === '' ? blankRun + 1 : 0;
    if (blankRun === 2) report('more than one blank line (paragraphs are split by exactly one)');
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      fenceOpenedOn = index + 1;
      if (!fence[1]) report('a code fence needs a language (```python)');
      else if (fence[2]) report('an opening fence holds only ``` and the language');
      return;
    }
    for (const message of lineProblems(line)) report(message);
    for (const message of inlineProblems(line)) report(message);
  });
  if (fenceOpenedOn !== undefined) problems.push({ line: fenceOpenedOn, message: 'code fence is never closed' });
  return problems;
}

// Block-level Markdown the subset leaves out: each renders on one platform and shows as raw marks on another.
const LINE_RULES: [RegExp, string][] = [
  [/^\s+```/, 'indented code fence (fences start the line)'],
  [/^#{1,6}(\s|$)/, 'heading with "#" (use a heading block or a **bold** line)'],
  [/^\s*>/, 'block quote'],
  [/^\s*\|.*\|\s*$/, 'table row'],
  [/^\s*([-*_])(\s*\1){2,}\s*$/, 'horizontal rule'],
  [/^\s*[-*+]\s/, 'list item with "-", "*" or "+" (use "• ")'],
  [/^\s+(•|\d+\.)\s/, 'indented list item (lists are flat)'],
  [/^\d+\)\s/, 'numbered item with ")" (use "1. ")'],
  [/^•(?! )/, '"•" must be followed by a space'],
  [/^( {4}|\t)/, 'indented line (Markdown reads it as code)'],
  [/[ \t]+$/, 'trailing whitespace (Markdown reads two spaces as a line break)'],
];

function lineProblems(line: string): string[] {
  return LINE_RULES.filter(([pattern]) => pattern.test(line)).map(([, message]) => message);
}

const CODE_SPAN = /`[^`]+`/g;
const LINK = /(!?)\[([^\]\n]*)\]\(([^)\s]*)\)/g;
const BOLD = /\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*/g;
// Underscores inside words are literal (select_related); italics open and close at word edges.
const ITALIC = /(?<![\p{L}\p{N}_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\p{L}\p{N}_])/gu;
// Only real HTML elements: placeholders such as <app_label> read the same on every platform.
const HTML_TAG = /<\/?(a|b|i|u|s|em|strong|br|hr|p|img|code|pre|div|span|table|tr|td|th|ul|ol|li|h[1-6]|sub|sup|blockquote|details|summary|script|style|iframe)(\s[^<>]*)?\/?>/i;
const EDGE_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/u;

function inlineProblems(line: string): string[] {
  const found: string[] = [];
  // Code spans are literal on every platform, so they are checked first and then taken out.
  let rest = line.replace(CODE_SPAN, 'code');
  if (/``/.test(rest)) found.push('run of backticks outside a fence (only `code` spans and ``` fence lines)');
  else if (rest.includes('`')) found.push('unclosed `code` span');
  rest = rest.replace(LINK, (_all, bang: string, label: string, url: string) => {
    if (bang) found.push('image');
    else if (!label.trim()) found.push('link without text');
    else if (!/^https:\/\/\S+$/.test(url)) found.push(`link to "${url}" (links are https://)`);
    return label;
  });
  if (HTML_TAG.test(rest)) found.push('HTML tag (put literal markup in `code`)');
  if (/<(https?:|mailto:)/i.test(rest)) found.push('angle-bracket autolink (use [text](https://url))');
  if (/<[@#!]/.test(rest)) found.push('platform mention syntax');
  if (rest.includes('__')) found.push('double underscore (Discord underlines it; put identifiers in `code`)');
  rest = rest.replace(BOLD, '$1');
  if (rest.includes('*')) found.push('stray "*" (only **bold**; put other asterisks in `code`)');
  rest = rest.replace(ITALIC, '$1');
  if (!rest.includes('__') && EDGE_UNDERSCORE.test(rest)) found.push('stray "_" at a word edge (italic is _text_; put identifiers in `code`)');
  if (rest.includes('~~')) found.push('strikethrough');
  if (rest.includes('||')) found.push('"||" (a Discord spoiler; put it in `code`)');
  if (/\\[\\`*_{}[\]()#+\-.!|~<>]/.test(rest)) found.push('backslash escape (Slack shows backslashes literally)');
  return found;
}
