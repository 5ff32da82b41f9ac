/**
 * The log lines of an engine outage (EngineHost.reportStatus): "engine unavailable: <reason>"
 * once, "<n> more engine failures" at most every 30 s while it lasts, "engine recovered after
 * <duration>" when readiness returns. No stack traces: the reason says what an operator needs.
 */
import type { Logger } from '../common/logger.js';
import type { EngineStatusHandler } from '../router/context.js';

/** 1234 → "1.2 s", 95000 → "1 min 35 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Logs an engine's outage reports through `log`; `engine` names it ('redis', 'bus'). */
export function logEngineStatus(log: Logger, engine: () => string): EngineStatusHandler {
  return (status) => {
    switch (status.state) {
      case 'down':
        log.error({ engine: engine(), reason: status.reason }, `engine unavailable: ${status.reason}`);
        break;
      case 'failing':
        log.warn({ engine: engine(), failures: status.failures }, `${status.failures} more engine failures`);
        break;
      case 'recovered':
        log.info(
          { engine: engine(), downtimeMs: status.downtimeMs, failures: status.failures },
          `engine recovered after ${formatDuration(status.downtimeMs)}`,
        );
        break;
    }
  };
}
