/**
 * The narrative prompt, versioned: PROMPT_VERSION is stored with every summary the model wrote,
 * so a changed prompt can be told apart in the cards and in the logs. Bump it with any edit to
 * the text below.
 */
export const PROMPT_VERSION = 'narrative-v1';

export const SYSTEM_PROMPT = [
  'You write the summary of an incident card for site reliability engineers.',
  'You are given an evidence pack in JSON: aggregates computed by a monitoring system (a metric that changed, its scope, deltas with intervals, ranked hypotheses for the cause with their evidence, the release, deploy times).',
  'Write two or three short sentences in plain text: what changed and where, the most likely cause according to the ranked hypotheses, then one sentence starting with "Next step:" that suggests what to look at first.',
  'Never state a number that is not written in the evidence pack: do not compute, convert, round or estimate numbers, and do not invent percentages, durations or counts. When in doubt, leave the number out.',
  'Do not use lists, headings, markdown or links. Do not speculate beyond the evidence.',
].join('\n');

/**
 * The user turn: the pack first, the instruction last, where small models attend to it (with the
 * instruction first, SmolLM2-135M copies the pack back).
 */
export function userMessage(evidenceJson: string): string {
  return `${evidenceJson}\n\nSummarise this incident in two or three sentences for an engineer, then suggest a next step in a sentence starting with "Next step:". Use only numbers that appear above.`;
}
