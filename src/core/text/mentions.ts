// Learner text, display names and program output end up in the bot's own messages, where a mention
// would ping with the bot's permissions. Every syntax that can notify someone on Discord or Slack is
// broken with a zero-width space (U+200B), the escape Discord itself documents: the text still reads
// the same, and deleting the U+200B characters gives back the original.
//
// Covered:
//   Discord  @everyone, @here (pinged wherever they appear, even inside code or a word),
//            <@123> and <@!123> (users), <@&123> (roles)
//   Slack    <!channel>, <!here>, <!everyone>, <!subteam^ID> (user groups), <@U123> (users), and
//            @channel / @here / @everyone for when a message is posted with link_names
// Also broken, though they do not ping: <#123> / <#C123> channel links (a learner could otherwise make
// the bot link channels they cannot see) and every other <!…> control sequence (<!date^…>).
// Matching ignores case and any invisible characters a learner slips in (@\u2060everyone); those are
// replaced by the one U+200B, so a platform that drops them cannot turn the text back into a mention.
// Applying it twice changes nothing. Most email addresses stay as they are; bob@here.com gains an
// invisible U+200B, the price of Discord pinging @here even inside a word.
// This is one layer: adapters also send Discord's allowed_mentions { parse: [] } and never post to
// Slack with link_names or parse: "full".

const ZWSP = '\u200b';
// Default_Ignorable_Code_Point covers zero-width spaces and joiners, word joiner, soft hyphen, BOM,
// variation selectors and bidi controls.
const INVISIBLE = '\\p{Default_Ignorable_Code_Point}';
const BROADCAST = new RegExp(`@(?:${INVISIBLE})*(?=(?:everyone|here|channel))`, 'giu');
const ANGLE_MENTION = new RegExp(`<(?:${INVISIBLE})*(?=[@#!])`, 'gu');

/** Breaks every mention syntax of Discord and Slack while keeping the text readable. */
export function neutraliseMentions(text: string): string {
  return text.replace(BROADCAST, `@${ZWSP}`).replace(ANGLE_MENTION, `<${ZWSP}`);
}
