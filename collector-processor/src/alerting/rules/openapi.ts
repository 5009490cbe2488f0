/** The alert rule API (routes.ts) in the OpenAPI document; request schemas from the same zod. */
import {
  errors,
  iso,
  jsonBody,
  jsonResponse,
  jsonSchema,
  operation,
  pathParam,
  PROJECT_ID,
  ref,
  type Area,
} from '../../openapi/common';
import { OverrideBody } from './routes';
import { AlertRule, RuleFile, RuleId } from './schema';

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const RESULT = {
  type: 'string',
  enum: ['created', 'updated', 'unchanged'],
  description: 'created: 201; updated or unchanged (nothing written): 200',
};

/** ruleView (routes.ts). */
const EffectiveAlertRule = {
  type: 'object',
  required: ['id', 'name', 'kind', 'source', 'enabled', 'rule', 'definition', 'override', 'fileOverride'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string', enum: ['threshold', 'event'] },
    source: {
      type: 'string',
      enum: ['file', 'api'],
      description: 'file: PULSETRACE_ALERT_RULES_FILE; api: saved for this project through this API',
    },
    enabled: { type: 'boolean', description: 'After overrides' },
    replacesFileRule: {
      type: 'boolean',
      description: 'An API rule saved under the id of a file rule, which it replaces for this project',
    },
    rule: { ...ref('AlertRule'), description: 'As evaluated: overrides applied' },
    definition: { ...ref('AlertRule'), description: 'As defined, before overrides' },
    override: nullable({
      ...ref('AlertRuleOverride'),
      description: 'This project’s override (PUT …/override)',
    }),
    fileOverride: nullable({
      ...ref('AlertRuleOverride'),
      description: 'The rule file’s override for this project',
    }),
    updatedAt: nullable(iso),
    updatedBy: { type: ['string', 'null'] },
  },
};

const Validation = {
  type: 'object',
  required: ['valid', 'problems', 'kind'],
  properties: {
    valid: { type: 'boolean' },
    kind: { type: 'string', enum: ['file', 'rule'], description: 'What the body was read as' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
    rules: { type: 'array', items: ref('AlertRule'), description: 'When valid: with defaults applied' },
    overrides: { type: 'array', items: { type: 'object' }, description: 'When valid (a rule file)' },
  },
};

const RULE_ID = pathParam('ruleId', 'The rule id', jsonSchema(RuleId));
const saved = (what: string) => ({
  '200': jsonResponse(`${what} replaced, or unchanged`, {
    allOf: [ref('EffectiveAlertRule'), { type: 'object', properties: { result: RESULT } }],
  }),
  '201': jsonResponse(`${what} created`, {
    allOf: [ref('EffectiveAlertRule'), { type: 'object', properties: { result: RESULT } }],
  }),
});

export function alertRulesArea(): Area {
  const base = '/api/v1/projects/{id}/alert-rules';
  const tag = 'alert-rules';
  return {
    tags: [
      {
        name: tag,
        description:
          'Alert rules: the rule file’s and each project’s own, with per-project overrides (docs/alerting.md "Rule API and CLI")',
      },
    ],
    schemas: {
      AlertRule: jsonSchema(AlertRule),
      AlertRuleOverride: jsonSchema(OverrideBody),
      EffectiveAlertRule,
      AlertRuleValidation: Validation,
    },
    paths: {
      [base]: {
        parameters: [PROJECT_ID],
        get: operation('listAlertRules', tag, 'The project’s rules, from the file and the API', {
          description: 'Read token. Disabled rules are listed too (enabled: false).',
          responses: {
            '200': jsonResponse('Rules by id', {
              type: 'object',
              properties: {
                project: { type: 'string' },
                rules: { type: 'array', items: ref('EffectiveAlertRule') },
              },
            }),
            ...errors('401', '403', '404'),
          },
        }),
      },
      [`${base}/validate`]: {
        parameters: [PROJECT_ID],
        post: operation('validateAlertRules', tag, 'Check a rule file or one rule, storing nothing', {
          description:
            'Read token. A body with apiVersion or rules is a rule file, anything else one rule. Always 200: `valid` and each problem with its field.',
          requestBody: jsonBody({ anyOf: [jsonSchema(RuleFile), ref('AlertRule')] }),
          responses: {
            '200': jsonResponse('The verdict', ref('AlertRuleValidation')),
            ...errors('401', '403', '404'),
          },
        }),
      },
      [`${base}/{ruleId}`]: {
        parameters: [PROJECT_ID, RULE_ID],
        get: operation('getAlertRule', tag, 'One rule of the project', {
          description: 'Read token.',
          responses: {
            '200': jsonResponse('The rule', ref('EffectiveAlertRule')),
            ...errors('400', '401', '403', '404'),
          },
        }),
        put: operation('putAlertRule', tag, 'Create or replace the project’s API rule', {
          description:
            'Write token. `id` may be left out (the path’s). A threshold rule’s query is checked with the query API’s schema (project, from and to filled in by the ruler). A rule with the id of a file rule replaces it for this project.',
          requestBody: jsonBody(ref('AlertRule')),
          responses: { ...saved('The rule'), ...errors('400', '401', '403', '404') },
        }),
        delete: operation('deleteAlertRule', tag, 'Delete the project’s API rule', {
          description: 'Write token. 409 for a file rule (disable it with an override instead).',
          responses: { '204': { description: 'Deleted' }, ...errors('400', '401', '403', '404', '409') },
        }),
      },
      [`${base}/{ruleId}/override`]: {
        parameters: [PROJECT_ID, RULE_ID],
        put: operation('putAlertRuleOverride', tag, 'Set the project’s override of a rule', {
          description: 'Write token. Replaces the whole override. `threshold` only for threshold rules.',
          requestBody: jsonBody(OverrideBody),
          responses: { ...saved('The override'), ...errors('400', '401', '403', '404') },
        }),
        delete: operation('deleteAlertRuleOverride', tag, 'Remove the project’s override of a rule', {
          description: 'Write token.',
          responses: { '204': { description: 'Removed' }, ...errors('400', '401', '403', '404') },
        }),
      },
      [`${base}/{ruleId}/test`]: {
        parameters: [PROJECT_ID, RULE_ID],
        post: operation('testAlertRule', tag, 'Evaluate a rule now, notifying no one', {
          description:
            'Write token. The rule as in force (overrides applied), enabled or not. 501 when no ruler runs.',
          responses: {
            '200': jsonResponse('The evaluator’s result', {
              type: 'object',
              properties: { ruleId: { type: 'string' }, project: { type: 'string' }, at: iso, result: {} },
            }),
            '501': {
              description: 'No rule evaluator in this processor',
              content: { 'application/json': { schema: ref('Error') } },
            },
            ...errors('400', '401', '403', '404'),
          },
        }),
      },
    },
  };
}
