/**
 * Nesting depth of MessagePack and CBOR bytes, measured before decoding (`limits.maxDepth`):
 * cbor-x decodes recursively and overflows the stack on a few thousand nested arrays. Each scan
 * is a loop over item headers, skipping scalars by their length, with a stack of the items left
 * in each open container; it stops as soon as the limit is passed. Malformed bytes are left to
 * the decoder to refuse.
 */

/** An item header: its length in bytes (for scalars, with their data) and its children, if a container. */
interface Item {
  readonly size: number;
  /** Child items of a container (Infinity: indefinite length, ended by a break), else -1. */
  readonly children: number;
}

/** Walks items with `read` and reports whether containers nest deeper than `maxDepth`. */
function nestsDeeper(
  bytes: Uint8Array,
  maxDepth: number,
  read: (bytes: Uint8Array, at: number) => Item | 'break',
): boolean {
  // Each level takes a byte: a message no longer than the limit cannot pass it.
  if (bytes.length <= maxDepth) return false;
  const left: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    const item = read(bytes, at);
    if (item === 'break') {
      at++;
      if (left.at(-1) === Number.POSITIVE_INFINITY) left.pop();
    } else {
      at += item.size;
      if (left.length > 0) left[left.length - 1]! -= 1;
      if (item.children >= 0) {
        if (left.length + 1 > maxDepth) return true;
        if (item.children > 0) left.push(item.children);
      }
    }
    while (left.length > 0 && left.at(-1) === 0) left.pop();
  }
  return false;
}

function uint(bytes: Uint8Array, at: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 256 + (bytes[at + i] ?? 0);
  return value;
}

const scalar = (size: number): Item => ({ size, children: -1 });

/** MessagePack spec "Formats": the header of the item at `at`. */
function msgpackItem(bytes: Uint8Array, at: number): Item {
  const b = bytes[at] ?? 0;
  if (b <= 0x7f || b >= 0xe0) return scalar(1);
  if (b <= 0x8f) return { size: 1, children: 2 * (b & 0x0f) };
  if (b <= 0x9f) return { size: 1, children: b & 0x0f };
  if (b <= 0xbf) return scalar(1 + (b & 0x1f));
  switch (b) {
    case 0xc4:
    case 0xd9:
      return scalar(2 + uint(bytes, at + 1, 1));
    case 0xc5:
    case 0xda:
      return scalar(3 + uint(bytes, at + 1, 2));
    case 0xc6:
    case 0xdb:
      return scalar(5 + uint(bytes, at + 1, 4));
    case 0xc7:
      return scalar(3 + uint(bytes, at + 1, 1));
    case 0xc8:
      return scalar(4 + uint(bytes, at + 1, 2));
    case 0xc9:
      return scalar(6 + uint(bytes, at + 1, 4));
    case 0xca:
    case 0xce:
    case 0xd2:
      return scalar(5);
    case 0xcb:
    case 0xcf:
    case 0xd3:
      return scalar(9);
    case 0xcc:
    case 0xd0:
      return scalar(2);
    case 0xcd:
    case 0xd1:
      return scalar(3);
    case 0xd4:
      return scalar(3);
    case 0xd5:
      return scalar(4);
    case 0xd6:
      return scalar(6);
    case 0xd7:
      return scalar(10);
    case 0xd8:
      return scalar(18);
    case 0xdc:
      return { size: 3, children: uint(bytes, at + 1, 2) };
    case 0xdd:
      return { size: 5, children: uint(bytes, at + 1, 4) };
    case 0xde:
      return { size: 3, children: 2 * uint(bytes, at + 1, 2) };
    case 0xdf:
      return { size: 5, children: 2 * uint(bytes, at + 1, 4) };
    default:
      return scalar(1); // nil, false, true, and the unused 0xc1
  }
}

/** True when MessagePack arrays and maps nest deeper than `maxDepth`. */
export function msgpackNestsDeeper(bytes: Uint8Array, maxDepth: number): boolean {
  return nestsDeeper(bytes, maxDepth, msgpackItem);
}

/** RFC 8949 §3: the header of the item at `at`; tags count as a level (cbor-x recurses into them). */
function cborItem(bytes: Uint8Array, at: number): Item | 'break' {
  const b = bytes[at] ?? 0;
  if (b === 0xff) return 'break';
  const major = b >> 5;
  const info = b & 0x1f;
  // Lengths 24-27 follow in 1, 2, 4 or 8 bytes; 28-30 are reserved (the decoder refuses them).
  const extra = info < 24 ? 0 : info < 28 ? 2 ** (info - 24) : 0;
  const argument = info < 24 ? info : uint(bytes, at + 1, extra);
  const size = 1 + extra;
  if (info === 31) return major >= 2 && major <= 5 ? { size: 1, children: Number.POSITIVE_INFINITY } : scalar(1);
  switch (major) {
    case 2:
    case 3:
      return scalar(size + argument);
    case 4:
      return { size, children: argument };
    case 5:
      return { size, children: 2 * argument };
    case 6:
      return { size, children: 1 };
    default:
      return scalar(size); // integers, simple values, floats
  }
}

/** True when CBOR arrays, maps, tags and indefinite strings nest deeper than `maxDepth`. */
export function cborNestsDeeper(bytes: Uint8Array, maxDepth: number): boolean {
  return nestsDeeper(bytes, maxDepth, cborItem);
}
