// Suggestions while a member types a track or a lesson option, answered from the in-memory catalog (no
// database round trip: Discord shows nothing unless the answer comes within 3 seconds).
import type { APIApplicationCommandOptionChoice } from 'discord.js';
import type { Catalog } from '../../core/content/catalog.ts';
import type { CommandArg } from '../../core/commands.ts';

const MAX_SUGGESTIONS = 25;
const NAME_MAX = 100;

export function suggestions(catalog: Catalog, kind: NonNullable<CommandArg['complete']>, typed: string): APIApplicationCommandOptionChoice<string>[] {
  const needle = typed.trim().toLowerCase();
  const matches = (...texts: string[]) => needle === '' || texts.some((t) => t.toLowerCase().includes(needle));
  if (kind === 'track') {
    return catalog
      .tracks()
      .filter((t) => matches(t.id, t.title))
      .slice(0, MAX_SUGGESTIONS)
      .map((t) => ({ name: shorten(`${t.title} (${t.id})`), value: t.id }));
  }
  const lessons = catalog.tracks().flatMap((track) =>
    track.steps.flatMap((_, i) => {
      const ref = catalog.lessonAt(track.id, i + 1);
      return ref ? [{ track, lesson: ref.lesson }] : [];
    }),
  );
  return lessons
    .filter(({ track, lesson }) => matches(lesson.id, lesson.title, `${track.id} ${lesson.step}`))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ track, lesson }) => ({ name: shorten(`${track.id} ${lesson.step}: ${lesson.title}`), value: lesson.id }));
}

function shorten(text: string): string {
  return text.length <= NAME_MAX ? text : `${text.slice(0, NAME_MAX - 1)}…`;
}
