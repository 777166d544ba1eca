// The posting order: round-robin over workspaces, so one workspace's rate limit never holds up the others.
import { describe, expect, it } from 'vitest';
import { interleaveWorkspaces } from '../../src/scheduler/run-posting.ts';

const run = (id: string, workspaceId: string, platform = 'slack') => ({ id, drill: { channel: { platform, workspaceId } } });

describe('posting order', () => {
  it('given runs grouped by workspace, takes one from each in turn, each workspace keeping its own order', () => {
    const runs = [run('a1', 'A'), run('a2', 'A'), run('a3', 'A'), run('b1', 'B'), run('c1', 'C'), run('c2', 'C'), run('d1', 'A', 'discord')];
    expect(interleaveWorkspaces(runs).map((r) => r.id)).toEqual(['a1', 'b1', 'c1', 'd1', 'a2', 'c2', 'a3']);
    expect(interleaveWorkspaces([])).toEqual([]);
  });
});
