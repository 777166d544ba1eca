// What a sandboxed job printed, split at the start marker: before it, only the setup tools (bwrap, the
// shell, prlimit) can have written, so that text is theirs however it reads; after it everything is the
// program's, capped at the job's output limit. The first marker is the boundary, so a program printing
// the marker text only adds to its own stderr.
import { PROGRAM_START_MARKER } from './sandbox-command.ts';

const MARKER = Buffer.from(PROGRAM_START_MARKER);

export type OutputStream = 'stdout' | 'stderr';

export class ProgramOutput {
  private readonly chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[], output: [] as Buffer[] };
  private bytes = 0;
  private setup = Buffer.alloc(0);
  private started = false;
  private stopped = false;
  /** Bytes the program may print in all; set when the job starts. */
  limit = Number.POSITIVE_INFINITY;

  /** `overCap` is told which stream went over the limit, once the kept part is stored. */
  constructor(private readonly overCap: (stream: OutputStream) => void) {}

  /** True once the marker was seen: the program itself is running. */
  get programStarted(): boolean {
    return this.started;
  }

  /** What the setup tools wrote (the reason the sandbox failed, when it did). */
  get setupText(): string {
    return this.setup.toString('utf8').trim();
  }

  /** Nothing more is kept: the job was stopped (killed, capped). */
  stop(): void {
    this.stopped = true;
  }

  stdout(data: Buffer): void {
    this.collect('stdout', data);
  }

  stderr(data: Buffer): void {
    if (this.started) return this.collect('stderr', data);
    this.setup = Buffer.concat([this.setup, data]);
    const at = this.setup.indexOf(MARKER);
    if (at === -1) return;
    this.started = true;
    const program = this.setup.subarray(at + MARKER.length);
    this.setup = this.setup.subarray(0, at);
    if (program.length > 0) this.collect('stderr', program);
  }

  result(): { stdout: Buffer; stderr: Buffer; output: Buffer } {
    return { stdout: Buffer.concat(this.chunks.stdout), stderr: Buffer.concat(this.chunks.stderr), output: Buffer.concat(this.chunks.output) };
  }

  private collect(stream: OutputStream, data: Buffer): void {
    if (this.stopped) return;
    const room = this.limit - this.bytes;
    const kept = data.length > room ? data.subarray(0, room) : data;
    this.chunks[stream].push(kept);
    this.chunks.output.push(kept);
    this.bytes += kept.length;
    if (data.length > room) this.overCap(stream);
  }
}
