import { describe, expect, it } from 'vitest';
import { neutraliseMentions } from '../../../src/core/text/mentions.ts';
import { neutraliseMentions as fromCodeRunFormat } from '../../../src/core/coderun/format.ts';

const Z = '\u200b';

describe('neutraliseMentions', () => {
  describe('given Discord mentions', () => {
    it.each([
      ['@everyone', `@${Z}everyone`],
      ['@here', `@${Z}here`],
      ['<@123456789012345678>', `<${Z}@123456789012345678>`],
      ['<@!123>', `<${Z}@!123>`],
      ['<@&456>', `<${Z}@&456>`],
      ['<#789>', `<${Z}#789>`],
    ])('given %s, it cannot ping', (input, expected) => {
      expect(neutraliseMentions(input)).toBe(expected);
    });

    it('given @everyone inside a word or code, it is still broken (Discord pings there too)', () => {
      expect(neutraliseMentions('x@everyone1 `@here`')).toBe(`x@${Z}everyone1 \`@${Z}here\``);
    });
  });

  describe('given Slack mentions', () => {
    it.each([
      ['<!channel>', `<${Z}!channel>`],
      ['<!here>', `<${Z}!here>`],
      ['<!everyone>', `<${Z}!everyone>`],
      ['<!subteam^S0123ABC>', `<${Z}!subteam^S0123ABC>`],
      ['<!subteam^S0123ABC|@team>', `<${Z}!subteam^S0123ABC|@team>`],
      ['<@U0123ABC>', `<${Z}@U0123ABC>`],
      ['<@W0123ABC|ada>', `<${Z}@W0123ABC|ada>`],
      ['<#C0123ABC|general>', `<${Z}#C0123ABC|general>`],
      ['@channel', `@${Z}channel`],
    ])('given %s, it cannot ping', (input, expected) => {
      expect(neutraliseMentions(input)).toBe(expected);
    });
  });

  it('given case variants, they are broken too', () => {
    expect(neutraliseMentions('@EveryOne @HERE <!CHANNEL> @Channel')).toBe(`@${Z}EveryOne @${Z}HERE <${Z}!CHANNEL> @${Z}Channel`);
  });

  it('given invisible characters slipped inside a mention, they are replaced by the one zero-width space', () => {
    expect(neutraliseMentions('@\u2060everyone <\u200d@123> <\ufeff!here> @\u00adhere')).toBe(`@${Z}everyone <${Z}@123> <${Z}!here> @${Z}here`);
  });

  it('given already neutralised text, a second pass changes nothing', () => {
    const once = neutraliseMentions('@everyone <@1> <!here>');
    expect(neutraliseMentions(once)).toBe(once);
  });

  it('given ordinary text, emails and comparisons, nothing changes', () => {
    const plain = 'mail me at a@b.c, if a < b and b > c, @decorator, @property, <- arrow, <3';
    expect(neutraliseMentions(plain)).toBe(plain);
  });

  it('given every form at once, removing the zero-width spaces gives back the text', () => {
    const pings = '@everyone @here <@123> <@!123> <@&456> <#789> <!channel> <!here> <!everyone> <!subteam^S1> <@U1> @channel';
    const safe = neutraliseMentions(pings);
    for (const ping of pings.split(' ')) expect(safe).not.toContain(ping);
    expect(safe.replaceAll(Z, '')).toBe(pings);
  });

  it('given coderun/format, it still exports the same function', () => {
    expect(fromCodeRunFormat).toBe(neutraliseMentions);
  });
});
