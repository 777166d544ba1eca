// The contract's "slow database": a harness passes every event through the gate before the core's work,
// and `hold()` keeps the gate shut until the returned function is called (Interactions.holdWork).
export interface WorkGate {
  /** Resolves once the gate is open. */
  pass(): Promise<void>;
  hold(): () => void;
}

export function createWorkGate(): WorkGate {
  let held: Promise<void> | undefined;
  return {
    pass: async () => {
      if (held) await held;
    },
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
