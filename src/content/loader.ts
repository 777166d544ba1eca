// Reads content/tracks/<track>/track.yaml and lessons/NN-slug.yaml, validates every file, then checks the
// rules that span files (step numbers, file names, ids unique across the whole repository).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { lessonSchema, trackSchema, type LessonFile, type TrackFile } from './schema.ts';
import { parseYamlFile, type Parsed } from './yaml-file.ts';
import type { ContentProblem } from './problems.ts';

export interface LoadedLesson {
  file: string;
  /** sha256 of the file's text: the importer's "unchanged" test. */
  hash: string;
  lesson: LessonFile;
}
export interface LoadedTrack {
  file: string;
  hash: string;
  track: TrackFile;
  lessons: LoadedLesson[];
}

/**
 * Files already validated and imported, by path relative to the content root. A file whose text still has
 * the same hash is not parsed again: YAML parsing and validation are most of a cold start otherwise.
 */
export type KnownFiles = ReadonlyMap<string, { hash: string; value: unknown }>;
export interface LoadResult {
  tracks: LoadedTrack[];
  problems: ContentProblem[];
  /** Files that failed validation; the importer keeps their previous version. */
  rejectedFiles: Set<string>;
}

const LESSON_FILE = /^(\d{2})-([a-z0-9-]+)\.ya?ml$/;

export async function loadContent(root: string, known: KnownFiles = new Map()): Promise<LoadResult> {
  const problems: ContentProblem[] = [];
  const rejectedFiles = new Set<string>();
  const tracks: LoadedTrack[] = [];
  const tracksDir = path.join(root, 'tracks');
  const rel = (p: string) => path.relative(root, p);

  for (const trackDir of await listDirs(tracksDir)) {
    const trackFile = path.join(tracksDir, trackDir, 'track.yaml');
    const trackText = await readText(trackFile, problems, rel);
    const parsedTrack = await parseOrReuse(rel(trackFile), trackText, trackSchema, known);
    if (!parsedTrack.ok) {
      problems.push(...parsedTrack.problems);
      rejectedFiles.add(rel(trackFile));
      continue;
    }
    const track = parsedTrack.value;
    if (track.id !== trackDir) {
      problems.push({ file: rel(trackFile), path: 'id', message: `track id "${track.id}" must match its folder "${trackDir}"` });
      rejectedFiles.add(rel(trackFile));
      continue;
    }
    const lessons = await loadLessons(path.join(tracksDir, trackDir, 'lessons'), track, { rel, problems, rejected: rejectedFiles, known });
    tracks.push({ file: rel(trackFile), hash: hashText(trackText), track, lessons });
  }
  if (tracks.length === 0 && problems.length === 0) {
    problems.push({ file: rel(tracksDir), path: '', message: 'no tracks found (expected tracks/<id>/track.yaml)' });
  }
  checkUniqueIds(tracks, problems, rejectedFiles);
  // A lesson that clashes with another file is refused like any broken file, so its ids never credit
  // attempts to the wrong lesson.
  const kept = tracks.filter((t) => !rejectedFiles.has(t.file));
  for (const t of kept) t.lessons = t.lessons.filter((l) => !rejectedFiles.has(l.file));
  return { tracks: kept, problems, rejectedFiles };
}

interface LoadContext {
  rel: (p: string) => string;
  problems: ContentProblem[];
  rejected: Set<string>;
  known: KnownFiles;
}

async function loadLessons(dir: string, track: TrackFile, { rel, problems, rejected, known }: LoadContext): Promise<LoadedLesson[]> {
  const lessons: LoadedLesson[] = [];
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const name of files) {
    const file = rel(path.join(dir, name));
    const match = LESSON_FILE.exec(name);
    if (!match) {
      problems.push({ file, path: '', message: 'lesson files are named NN-slug.yaml, e.g. 33-interview-essentials.yaml' });
      rejected.add(file);
      continue;
    }
    const text = await readText(path.join(dir, name), problems, rel);
    const parsed = await parseOrReuse(file, text, lessonSchema, known);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      rejected.add(file);
      continue;
    }
    const lesson = parsed.value;
    const before = problems.length;
    const step = Number(match[1]);
    if (lesson.step !== step) problems.push({ file, path: 'step', message: `step ${lesson.step} does not match the file number ${match[1]}` });
    if (lesson.id !== match[2]) problems.push({ file, path: 'id', message: `id "${lesson.id}" does not match the file name slug "${match[2]}"` });
    const listed = track.steps[lesson.step - 1];
    if (!listed) problems.push({ file, path: 'step', message: `track "${track.id}" has only ${track.steps.length} steps` });
    else if (listed.id !== lesson.id) {
      problems.push({ file, path: 'id', message: `track "${track.id}" lists "${listed.id}" at step ${lesson.step}, not "${lesson.id}"` });
    }
    if (problems.length > before) rejected.add(file);
    else lessons.push({ file, hash: hashText(text), lesson });
  }
  return lessons;
}

function checkUniqueIds(tracks: LoadedTrack[], problems: ContentProblem[], rejected: Set<string>): void {
  const owners = new Map<string, string>();
  const claim = (id: string, file: string, where: string) => {
    const owner = owners.get(id);
    if (owner) {
      problems.push({ file, path: where, message: `id "${id}" is already used in ${owner}` });
      rejected.add(file);
    } else owners.set(id, `${file} ${where}`);
  };
  for (const { file, track } of tracks) track.steps.forEach((s, i) => claim(s.id, file, `steps[${i}].id`));
  for (const t of tracks) {
    for (const { file, lesson } of t.lessons) {
      lesson.quiz.forEach((q, i) => claim(q.id, file, `quiz[${i}].id`));
      lesson.interviewQa.forEach((q, i) => claim(q.id, file, `interviewQa[${i}].id`));
      lesson.exercises.forEach((e, i) => claim(e.id, file, `exercises[${i}].id`));
      claim(lesson.explain.id, file, 'explain.id');
    }
  }
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function parseOrReuse<S extends z.ZodType>(file: string, text: string, schema: S, known: KnownFiles): Promise<Parsed<z.output<S>>> {
  const previous = known.get(file);
  if (previous && previous.hash === hashText(text)) return { ok: true, value: previous.value as z.output<S> };
  return parseYamlFile(file, text, schema);
}

async function listDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

async function readText(file: string, problems: ContentProblem[], rel: (p: string) => string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    problems.push({ file: rel(file), path: '', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
    return '';
  }
}
