// Warnings about explain rubrics that the grader would read too generously: terms so short they match
// too much, and points a bare keyword list could hit. content:check prints them; they do not fail it.
import type { RubricPoint } from '../core/content/model.ts';
import type { LoadResult } from './loader.ts';
import type { ContentProblem } from './problems.ts';

export const SHORTEST_TERM = 4;

// An acronym or number written in capitals ("ORM", "GIL", "404", "N+1") is a deliberate short term.
const isDeliberateShort = (term: string) => !/\p{Ll}/u.test(term);

function shortTerms(point: RubricPoint, path: string): Omit<ContentProblem, 'file'>[] {
  return point.concepts.flatMap((terms, c) =>
    terms.flatMap((term, t) => {
      const bare = term.replace(/\*/g, '').trim();
      if (bare.length >= SHORTEST_TERM || isDeliberateShort(bare)) return [];
      return [{ path: `${path}.concepts[${c}][${t}]`, message: `"${term}" is under ${SHORTEST_TERM} characters and matches too much: use a longer phrase (write an acronym in capitals to keep it)` }];
    }),
  );
}

// A list of keywords is not a statement, so the grader caps it; what a list could still hit is a point that
// one word satisfies.
function keywordListHits(point: RubricPoint, path: string): Omit<ContentProblem, 'file'>[] {
  if (point.concepts.length < 2) {
    return [{ path: `${path}.concepts`, message: `point "${point.id}" has one concept, so any sentence with one of its words hits it: add the concept it must be said together with` }];
  }
  const shared = point.concepts.flatMap((terms, c) => terms.filter((term) => point.concepts.some((other, k) => k > c && other.includes(term))));
  return shared.length > 0 ? [{ path: `${path}.concepts`, message: `point "${point.id}" lists ${shared.map((s) => `"${s}"`).join(', ')} in two concepts, so that one word hits it` }] : [];
}

export function rubricWarnings(result: LoadResult): ContentProblem[] {
  return result.tracks.flatMap(({ lessons }) =>
    lessons.flatMap(({ file, lesson }) =>
      lesson.explain.rubric.flatMap((point, i) => {
        const path = `explain.rubric[${i}]`;
        return [...shortTerms(point, path), ...keywordListHits(point, path)].map((w) => ({ file, ...w }));
      }),
    ),
  );
}
