// Types for decide.mjs (plain JavaScript so it runs before dependencies are installed).
export interface Facts {
  root: boolean;
  aptGet: boolean;
  codename: string | null;
  installed: string[];
  djangoVersion: string | null;
  backportsListed: boolean;
}
export interface Step {
  say?: string;
  run?: string[];
  env?: Record<string, string>;
  write?: { path: string; content: string };
}
export type Decision = { needed: string[]; steps: Step[] } | { needed: string[]; stop: string };
export const PACKAGES: readonly { pkg: string; why: string }[];
export const MIN_DJANGO: string;
export const BACKPORTS_FILE: string;
export const BACKPORTS_SOURCE: string;
export function versionAtLeast(version: string | null, min: string): boolean;
export function parseDpkgInstalled(output: string): string[];
export function sourcesList(texts: string[], suite: string): boolean;
export function decide(facts: Facts): Decision;
