// The core's Markdown subset (docs/markdown.md) as Slack mrkdwn, which is not CommonMark: bold is
// *b*, links are <url|text>, and &, < and > are control characters that must be sent as entities.
//
// Two choices differ from a plain "leave code alone":
// - & < > are escaped inside code spans and fences too. Slack parses <…> before formatting, so an
//   unescaped `map<str, int>` loses its brackets and `<!channel>` in code could still be a mention;
//   Slack decodes the entities for display, so code reads exactly as written.
// - An opening fence loses its language: Slack has no syntax highlighting and would show "python" as
//   the first line of the code.

const CODE_SPAN = /`[^`\n]+`/g;
const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g;
const BOLD = /\*\*(?=\S)(.+?)(?<=\S)\*\*/g;
// Private-use characters stand in for code spans and links while the rest of a line is converted.
const SLOT = /\ue000(\d+)\ue001/g;

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function toMrkdwn(markdown: string): string {
  let inFence = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (inFence) {
        if (/^```\s*$/.test(line)) inFence = false;
        return escapeMrkdwn(line);
      }
      if (line.startsWith('```')) {
        inFence = true;
        return '```';
      }
      return convertLine(line);
    })
    .join('\n');
}

function convertLine(line: string): string {
  const slots: string[] = [];
  const keep = (converted: string) => `\ue000${slots.push(converted) - 1}\ue001`;
  const masked = line
    .replace(CODE_SPAN, (span) => keep(escapeMrkdwn(span)))
    .replace(LINK, (_link, label: string, url: string) => keep(`<${linkUrl(url)}|${inline(label)}>`));
  // A link's text may hold a code span, so a restored slot can hold another slot.
  const restore = (text: string): string => text.replace(SLOT, (_slot, index: string) => restore(slots[Number(index)]!));
  return restore(inline(masked));
}

function inline(text: string): string {
  return escapeMrkdwn(text).replace(BOLD, '*$1*');
}

// Inside <url|text> a "|" or ">" in the URL would end it early; percent-encoding keeps the same address.
function linkUrl(url: string): string {
  return escapeMrkdwn(url.replace(/\|/g, '%7C')).replace(/&gt;/g, '%3E').replace(/&lt;/g, '%3C');
}
