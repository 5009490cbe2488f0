import { EMPTY_PROJECT, formFromProject, projectBody, ProjectFormValues, validateProject } from './projectForm';
import { validateToken } from './tokenForm';
import type { AdminProjectJSON } from './types';

const valid: ProjectFormValues = { ...EMPTY_PROJECT, name: 'shop' };

describe('validateProject', () => {
  it.each<[string, Partial<ProjectFormValues>, Partial<Record<keyof ProjectFormValues, RegExp>>]>([
    ['a name is enough', {}, {}],
    ['no name', { name: '  ' }, { name: /needs a name/ }],
    ['a long name', { name: 'x'.repeat(201) }, { name: /200/ }],
    [
      'an origin with a path',
      { allowedOrigins: ['https://shop.example/app'] },
      { allowedOrigins: /https:\/\/shop.example\/app: an origin is/ },
    ],
    ['an origin without scheme', { allowedOrigins: ['shop.example'] }, { allowedOrigins: /shop.example/ }],
    ['* and origins with ports', { allowedOrigins: ['*', 'http://localhost:3000'] }, {}],
    ['sampling over 100', { samplePercent: '150' }, { samplePercent: /0 to 100/ }],
    ['sampling not a number', { samplePercent: 'half' }, { samplePercent: /0 to 100/ }],
    ['sampling blank', { samplePercent: '' }, { samplePercent: /0 to 100/ }],
    ['sampling 12.5', { samplePercent: '12.5' }, {}],
    ['retention 0', { retentionDays: '0' }, { retentionDays: /1 to 3,650/ }],
    ['retention fractional', { retentionDays: '1.5' }, { retentionDays: /whole number/ }],
    ['retention blank (processor default)', { retentionDays: '' }, {}],
    ['rate limit too high', { rateLimitPerSecond: '2000000' }, { rateLimitPerSecond: /1 to 1,000,000/ }],
  ])('%s', (_name, change, expected) => {
    const errors = validateProject({ ...valid, ...change });
    expect(Object.keys(errors).sort()).toEqual(Object.keys(expected).sort());
    for (const [key, pattern] of Object.entries(expected)) {
      expect(errors[key as keyof ProjectFormValues]).toMatch(pattern!);
    }
  });
});

const stored: AdminProjectJSON = {
  id: 'p1',
  name: 'shop',
  environment: 'production',
  allowedOrigins: ['https://shop.example'],
  sampleRate: 0.25,
  rateLimitPerSecond: 500,
  retentionDays: 30,
  deletedAt: null,
};

describe('projectBody', () => {
  it('a new project: every field set, sampling as a fraction, blank numbers left to the processor', () => {
    expect(projectBody({ ...valid, name: ' shop ', allowedOrigins: ['*'], samplePercent: '50' })).toEqual({
      name: 'shop',
      allowedOrigins: ['*'],
      sampleRate: 0.5,
    });
  });

  it('an edit: only the fields that changed', () => {
    const form = formFromProject(stored);
    expect(form.samplePercent).toBe('25');
    expect(projectBody(form, stored)).toEqual({});
    expect(
      projectBody(
        { ...form, allowedOrigins: [...form.allowedOrigins, 'http://localhost:3000'], retentionDays: '90' },
        stored
      )
    ).toEqual({
      allowedOrigins: ['https://shop.example', 'http://localhost:3000'],
      retentionDays: 90,
    });
  });

  it('an unround sampling rate is not rewritten by an untouched form', () => {
    const p = { ...stored, sampleRate: 1 / 3 };
    expect(formFromProject(p).samplePercent).toBe('33.3');
    expect(projectBody(formFromProject(p), p)).toEqual({});
  });
});

describe('validateToken', () => {
  it.each([
    ['ci', {}],
    ['  ', { name: expect.stringMatching(/needs a name/) }],
    ['x'.repeat(201), { name: 'At most 200 characters' }],
  ])('name %j', (name, expected) => {
    expect(validateToken({ name, scope: 'read', projects: [] })).toEqual(expected);
  });
});
