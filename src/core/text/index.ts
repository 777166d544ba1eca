// Text that fits every platform: the Markdown subset the core writes, the splitter that honours each
// adapter's limits, and the neutraliser that keeps learner text from pinging anyone.
export { findMarkdownProblems, markdownProblems, type MarkdownProblem } from './markdown.ts';
export { neutraliseMentions } from './mentions.ts';
export { splitMarkdown } from './split.ts';
export { lastPart, renderedLength, splitMessage, wrapRows, type MessageLimits } from './split-message.ts';
export { rewriteCommands, slackCommand } from './commands.ts';
