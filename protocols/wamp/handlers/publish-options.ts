/** The routing options of a PUBLISH: publisher exclusion and subscriber black/white listing (WAMP Advanced Profile). */
import type { PublishOptions, SessionFilter } from '../../../src/plugin/index.js';
import type { Dict } from '../messages.js';
import { readFlag, readList } from './read-options.js';

function filter(options: Dict, prefix: 'exclude' | 'eligible'): SessionFilter | undefined {
  const sessionIds = readList(options, prefix, 'number');
  const authids = readList(options, `${prefix}_authid`, 'string');
  const authroles = readList(options, `${prefix}_authrole`, 'string');
  if (sessionIds === undefined && authids === undefined && authroles === undefined) return undefined;
  return {
    ...(sessionIds && { sessionIds }),
    ...(authids && { authids }),
    ...(authroles && { authroles }),
  };
}

/** The routing options of a PUBLISH (or a testament's `publish_options`). Throws InvalidOption. */
export function publishOptions(options: Dict): PublishOptions {
  const exclude = filter(options, 'exclude');
  const eligible = filter(options, 'eligible');
  return {
    excludePublisher: readFlag(options, 'exclude_me', true),
    ...(exclude && { exclude }),
    ...(eligible && { eligible }),
  };
}
