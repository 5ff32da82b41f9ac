/** The soak's table rows (Markdown, so a run pastes into docs/reliability.md) and its verdict. */

export interface Sample {
  readonly seconds: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly handles: number;
  readonly sessions: number;
  readonly clients: number;
  readonly publishesPerSecond: number;
  readonly deliveriesPerSecond: number;
  readonly callsPerSecond: number;
  readonly joins: number;
}

const HEADER =
  '| time | RSS MB | heap MB | handles | sessions | clients | publishes/s | deliveries/s | calls/s | joins so far |\n' +
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';

export function table(samples: readonly Sample[], withHeader: boolean): string {
  const rows = samples.map((s) =>
    [
      `${Math.floor(s.seconds / 60)}:${String(s.seconds % 60).padStart(2, '0')}`,
      s.rssMb.toFixed(1),
      s.heapMb.toFixed(1),
      s.handles,
      s.sessions,
      s.clients,
      s.publishesPerSecond,
      s.deliveriesPerSecond,
      s.callsPerSecond,
      s.joins,
    ].join(' | '),
  );
  return [...(withHeader ? [HEADER] : []), ...rows.map((row) => `| ${row} |`)].join('\n');
}

/**
 * RSS plateaued when the highest sample of the last third is at most `tolerance` % above the
 * highest of the middle third (the first third is warm-up: pools and JIT fill in).
 */
export function verdict(samples: readonly Sample[], tolerance: number): { plateaued: boolean; text: string } {
  if (samples.length < 3) return { plateaued: false, text: 'verdict: too few samples (run longer)' };
  const third = Math.floor(samples.length / 3);
  const peak = (part: readonly Sample[]) => Math.max(...part.map((s) => s.rssMb));
  const middle = peak(samples.slice(third, samples.length - third));
  const lastThird = peak(samples.slice(samples.length - third));
  const growth = ((lastThird - middle) / middle) * 100;
  const plateaued = growth <= tolerance;
  return {
    plateaued,
    text:
      `verdict: RSS ${plateaued ? 'plateaued' : 'still growing'}: last third peak ${lastThird.toFixed(1)} MB, ` +
      `middle third peak ${middle.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %, tolerance ${tolerance} %)`,
  };
}
