// The contract's "slow database": a harness passes every event through the gate before the core's work,
// and `hold()` keeps the gate shut until the returned function is called (Interactions.holdWork).
export interface WorkGate {
  /** Resolves once the gate is open; throws once after `failNext`. */
  pass(): Promise<void>;
  hold(): () => void;
  /** The next pass throws, as a database that broke would (Harness.failNextWork). */
  failNext(): void;
}

export function createWorkGate(): WorkGate {
  let held: Promise<void> | undefined;
  let failing = false;
  return {
    pass: async () => {
      if (held) await held;
      if (failing) {
        failing = false;
        throw new Error('the database went away (injected by the contract suite)');
      }
    },
    failNext: () => void (failing = true),
    hold() {
      let release!: () => void;
      held = new Promise((r) => (release = r));
      return () => {
        held = undefined;
        release();
      };
    },
  };
}
