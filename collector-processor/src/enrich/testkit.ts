/**
 * Test support (excluded from the build, like every testkit.ts): writes a tiny IPv4 MaxMind DB
 * (format 2.0) so tests can exercise a user-provided GeoLite2-City-shaped database with regions.
 * No MMDB writer is installed from npm, and MaxMind's own test databases are not redistributable
 * here, so this encodes just what the format needs: a binary search tree with 24-bit records, a
 * data section, and the metadata map. https://maxmind.github.io/MaxMind-DB/
 */
import net from 'node:net';

export type MmdbValue = string | number | boolean | MmdbValue[] | { [key: string]: MmdbValue };

/** Control byte(s) for a data field: 3 type bits (or 0 + extended type byte) and a size. */
function control(type: number, size: number): Buffer {
  const head: number[] = [];
  let sizeBits: number;
  const extra: number[] = [];
  if (size < 29) sizeBits = size;
  else if (size < 29 + 256) {
    sizeBits = 29;
    extra.push(size - 29);
  } else if (size < 285 + 65536) {
    sizeBits = 30;
    extra.push(((size - 285) >> 8) & 0xff, (size - 285) & 0xff);
  } else throw new Error('field too large for this test writer');
  if (type <= 7) head.push((type << 5) | sizeBits);
  else head.push(sizeBits, type - 7);
  return Buffer.from([...head, ...extra]);
}

function unsigned(type: number, n: number): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.concat([control(type, bytes.length), Buffer.from(bytes)]);
}

export function encodeValue(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === 'boolean') return control(14, value ? 1 : 0);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(value);
      return Buffer.concat([control(3, 8), b]);
    }
    return unsigned(value < 2 ** 32 ? 6 : 9, value); // uint32, or uint64
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encodeValue)]);
  const entries = Object.entries(value);
  return Buffer.concat([
    control(7, entries.length),
    ...entries.flatMap(([k, v]) => [encodeValue(k), encodeValue(v)]),
  ]);
}

interface TreeNode {
  children: [TreeNode | number | null, TreeNode | number | null];
}

/**
 * An IPv4-only database (ip_version 4) mapping each CIDR network to a record. Networks must not
 * overlap.
 */
export function writeMmdb(
  networks: { cidr: string; record: { [key: string]: MmdbValue } }[],
  databaseType = 'PulseTrace-Test-City',
): Buffer {
  const root: TreeNode = { children: [null, null] };
  const data: Buffer[] = [];
  let dataLength = 0;
  for (const { cidr, record } of networks) {
    const [ip, bitsText] = cidr.split('/');
    const bits = Number(bitsText);
    if (net.isIPv4(ip) === false || !(bits >= 1 && bits <= 32)) throw new Error(`bad IPv4 CIDR ${cidr}`);
    const addr = ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
    const encoded = encodeValue(record);
    const offset = dataLength;
    data.push(encoded);
    dataLength += encoded.length;
    let node = root;
    for (let i = 0; i < bits; i++) {
      const bit = Math.floor(addr / 2 ** (31 - i)) % 2;
      if (i === bits - 1) {
        node.children[bit] = offset;
        break;
      }
      const next = node.children[bit];
      if (typeof next === 'number') throw new Error(`${cidr} overlaps another network`);
      node = next ?? (node.children[bit] = { children: [null, null] });
    }
  }
  // Number the nodes breadth-first; the root must be node 0.
  const nodes: TreeNode[] = [root];
  for (let i = 0; i < nodes.length; i++)
    for (const c of nodes[i].children) if (c !== null && typeof c === 'object') nodes.push(c);
  const index = new Map(nodes.map((n, i) => [n, i]));
  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * 6);
  nodes.forEach((n, i) => {
    n.children.forEach((c, side) => {
      // A record is a node number, nodeCount for "no data", or nodeCount + 16 + data offset.
      const value = c === null ? nodeCount : typeof c === 'number' ? nodeCount + 16 + c : index.get(c)!;
      tree.writeUIntBE(value, i * 6 + side * 3, 3);
    });
  });
  const metadata = encodeValue({
    node_count: nodeCount,
    record_size: 24,
    ip_version: 4,
    database_type: databaseType,
    languages: ['en'],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: Math.floor(Date.now() / 1000),
    description: { en: 'PulseTrace test database' },
  });
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...data,
    Buffer.from([0xab, 0xcd, 0xef]),
    Buffer.from('MaxMind.com'),
    metadata,
  ]);
}
