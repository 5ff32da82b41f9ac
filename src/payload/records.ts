/** Plain-object tests shared by every mapping of payloads, options and details. */

/** Whether a value is a JSON object (a WAMP dict): not null, not an array, not bytes. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Whether a value is a record with at least one key: kwargs or headers worth sending. */
export function hasKeys(value: unknown): value is Readonly<Record<string, unknown>> {
  if (!isRecord(value)) return false;
  // The first own key answers: no array of all the keys per message (asked once per publish).
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}
