/**
 * Slack Block Kit limits, as Slack documents them for messages (docs.slack.dev, Block Kit
 * reference): a message has at most 50 blocks; a header's plain_text at most 150 characters; a
 * section's text at most 3000 and at most 10 fields of at most 2000; a context at most 10
 * elements; an actions block at most 25 elements; a button's text (plain_text) at most 75, its url
 * at most 3000, action_id and block_id at most 255. `blockKitProblems` lists every breach, so the
 * payload builder's tests (and the end-to-end Slack-shaped receiver) can prove Slack would accept it.
 */

type Json = Record<string, unknown>;

const TEXT_TYPES = new Set(['plain_text', 'mrkdwn']);

function textProblems(where: string, t: unknown, max: number, plainOnly = false): string[] {
  const o = t as Json | undefined;
  if (!o || typeof o !== 'object') return [`${where}: missing text object`];
  const problems: string[] = [];
  if (!TEXT_TYPES.has(String(o.type)) || (plainOnly && o.type !== 'plain_text'))
    problems.push(
      `${where}: type ${String(o.type)} (expected ${plainOnly ? 'plain_text' : 'plain_text or mrkdwn'})`,
    );
  if (typeof o.text !== 'string' || o.text.length === 0) problems.push(`${where}: empty text`);
  else if (o.text.length > max) problems.push(`${where}: ${o.text.length} characters (max ${max})`);
  return problems;
}

function blockProblems(b: Json, i: number): string[] {
  const at = `blocks[${i}] (${String(b.type)})`;
  const p: string[] = [];
  if (b.block_id !== undefined && (typeof b.block_id !== 'string' || b.block_id.length > 255))
    p.push(`${at}: block_id over 255 characters`);
  switch (b.type) {
    case 'header':
      return [...p, ...textProblems(`${at}.text`, b.text, 150, true)];
    case 'divider':
      return p;
    case 'section': {
      const fields = b.fields as unknown[] | undefined;
      if (b.text === undefined && !fields?.length) p.push(`${at}: needs text or fields`);
      if (b.text !== undefined) p.push(...textProblems(`${at}.text`, b.text, 3000));
      if (fields) {
        if (fields.length > 10) p.push(`${at}: ${fields.length} fields (max 10)`);
        fields.forEach((f, j) => p.push(...textProblems(`${at}.fields[${j}]`, f, 2000)));
      }
      return p;
    }
    case 'context': {
      const els = (b.elements as Json[] | undefined) ?? [];
      if (els.length === 0 || els.length > 10) p.push(`${at}: ${els.length} elements (1 to 10)`);
      els.forEach((e, j) => p.push(...textProblems(`${at}.elements[${j}]`, e, 3000)));
      return p;
    }
    case 'actions': {
      const els = (b.elements as Json[] | undefined) ?? [];
      if (els.length === 0 || els.length > 25) p.push(`${at}: ${els.length} elements (1 to 25)`);
      const ids = new Set<string>();
      els.forEach((e, j) => {
        const w = `${at}.elements[${j}]`;
        if (e.type !== 'button') return p.push(`${w}: type ${String(e.type)} (only buttons here)`);
        p.push(...textProblems(`${w}.text`, e.text, 75, true));
        if (typeof e.url === 'string' && (e.url.length > 3000 || !/^https?:\/\//.test(e.url)))
          p.push(`${w}: url must be http(s) and at most 3000 characters`);
        if (typeof e.action_id === 'string') {
          if (e.action_id.length > 255) p.push(`${w}: action_id over 255 characters`);
          if (ids.has(e.action_id)) p.push(`${w}: duplicate action_id ${e.action_id}`);
          ids.add(e.action_id);
        }
        if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
          p.push(`${w}: style ${String(e.style)} (primary or danger)`);
      });
      return p;
    }
    default:
      return [`${at}: not a block type this message uses`];
  }
}

/** Every way `payload` breaks Slack's limits for an incoming-webhook message; empty when valid. */
export function blockKitProblems(payload: unknown): string[] {
  const m = payload as Json;
  const problems: string[] = [];
  if (typeof m?.text !== 'string' || m.text.length === 0)
    problems.push('text: the notification fallback text is missing');
  const blocks = m?.blocks;
  if (!Array.isArray(blocks) || blocks.length === 0) return [...problems, 'blocks: none'];
  if (blocks.length > 50) problems.push(`blocks: ${blocks.length} (max 50)`);
  blocks.forEach((b, i) => problems.push(...blockProblems(b as Json, i)));
  return problems;
}
