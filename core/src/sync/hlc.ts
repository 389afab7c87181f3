/**
 * Hybrid logical clocks: a timestamp that follows the wall clock but never goes backwards
 * and orders events across devices whose clocks disagree. Encoded as a fixed-width string
 * so clocks compare with `<`:  `<13-digit ms>-<4 base-36 counter>-<node id>`.
 */
export interface HlcState {
  wall: number;
  counter: number;
  node: string;
}

const MAX_COUNTER = 36 ** 4 - 1;

export function encodeHlc({ wall, counter, node }: HlcState): string {
  return `${String(wall).padStart(13, '0')}-${counter.toString(36).padStart(4, '0')}-${node}`;
}

export function decodeHlc(hlc: string): HlcState {
  const match = /^(\d{13})-([0-9a-z]{4})-([A-Za-z0-9_-]{1,40})$/.exec(hlc);
  if (!match) throw new Error(`"${hlc}" is not a hybrid logical clock`);
  return { wall: Number(match[1]), counter: parseInt(match[2]!, 36), node: match[3]! };
}

export function isHlc(value: string): boolean {
  return /^\d{13}-[0-9a-z]{4}-[A-Za-z0-9_-]{1,40}$/.test(value);
}

/** A clock for one device: `tick()` stamps a local event, `receive()` merges a remote clock. */
export class HybridClock {
  private state: HlcState;

  constructor(node: string, private readonly now: () => number = Date.now, last?: string) {
    this.state = last ? { ...decodeHlc(last), node } : { wall: 0, counter: 0, node };
  }

  tick(): string {
    const wall = Math.max(this.now(), this.state.wall);
    const counter = wall === this.state.wall ? this.state.counter + 1 : 0;
    if (counter > MAX_COUNTER) throw new Error('clock counter overflow: more than 1.6M events in one millisecond');
    this.state = { wall, counter, node: this.state.node };
    return encodeHlc(this.state);
  }

  receive(remote: string): void {
    const other = decodeHlc(remote);
    const wall = Math.max(this.now(), this.state.wall, other.wall);
    const counter =
      wall === this.state.wall && wall === other.wall
        ? Math.max(this.state.counter, other.counter) + 1
        : wall === this.state.wall
          ? this.state.counter + 1
          : wall === other.wall
            ? other.counter + 1
            : 0;
    this.state = { wall, counter: Math.min(counter, MAX_COUNTER), node: this.state.node };
  }

  get last(): string {
    return encodeHlc(this.state);
  }
}
