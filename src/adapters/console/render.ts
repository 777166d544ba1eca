// Terminal rendering of neutral blocks: buttons become numbered options, progress a text bar.
import type { Block, OutboundMessage } from '../../core/messages.ts';
import { wrapRows } from '../../core/text/index.ts';

export interface Button {
  actionId: string;
  value: string;
  label: string;
}

export interface RenderedMessage {
  lines: string[];
  buttons: Button[];
}

const BAR_WIDTH = 20;
export const MAX_BUTTONS_PER_ROW = 10;

export function progressBar(done: number, total: number): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * BAR_WIDTH) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
}

// Underscores inside words stay: identifiers like select_related are full of them.
const plain = (markdown: string) => markdown.replace(/\*\*(.+?)\*\*/g, '$1').replace(/(^|\s)_([^_\n]+)_(?=\s|$|[.,;:])/g, '$1$2');

export function renderForTerminal(msg: OutboundMessage): RenderedMessage {
  const lines: string[] = [];
  const buttons: Button[] = [];
  // Rows wrap at the terminal's width of buttons, as on every platform (splitMessage already keeps a
  // message within the rows it may hold).
  const addRow = (row: Button[]) => {
    for (const wrapped of wrapRows(row, MAX_BUTTONS_PER_ROW, Number.MAX_SAFE_INTEGER)) {
      const start = buttons.length;
      buttons.push(...wrapped);
      lines.push(wrapped.map((b, i) => `[${start + i + 1}] ${b.label}`).join('  '));
    }
  };
  for (const block of msg.blocks) renderBlock(block, lines, addRow);
  return { lines, buttons };
}

function renderBlock(block: Block, lines: string[], addRow: (row: Button[]) => void): void {
  switch (block.kind) {
    case 'heading':
      lines.push(`== ${block.text} ==`);
      return;
    case 'text':
      lines.push(...plain(block.markdown).split('\n'));
      return;
    case 'code':
      lines.push('```' + block.language, ...block.source.split('\n'), '```');
      return;
    case 'progress':
      lines.push(`${progressBar(block.done, block.total)} ${block.label}`);
      return;
    case 'choices':
      if (block.locked) {
        lines.push(`(locked) ${block.options.map((o) => (o.id === block.answer ? `${o.label} ✓` : o.id === block.chosen ? `${o.label} (chosen)` : o.label)).join('  ')}`);
        return;
      }
      addRow(block.options.map((o) => ({ actionId: block.actionId, value: o.id, label: o.label })));
      return;
    case 'rating': {
      const row: Button[] = [];
      for (let n = block.min; n <= block.max; n++) {
        const label = block.labels?.[n - block.min];
        row.push({ actionId: block.actionId, value: `${block.valuePrefix}${n}`, label: label ? `${n} ${label}` : String(n) });
      }
      addRow(row);
      return;
    }
  }
}
