/**
 * Create or edit a project: name, default environment, allowed origins, sampling, rate limit and
 * retention. Checked as the processor checks them (projectForm.ts) before anything is sent; the
 * processor's own refusal, if any, is shown as it words it.
 */
import React, { useState } from 'react';
import { Alert, Button, Field, Input, Stack, TagsInput } from '@grafana/ui';
import {
  EMPTY_PROJECT,
  formFromProject,
  ProjectBody,
  projectBody,
  ProjectFormValues,
  validateProject,
} from './projectForm';
import type { AdminProjectJSON } from './types';

export interface ProjectFormProps {
  /** The project edited; absent for a new one. */
  project?: AdminProjectJSON;
  /** Sends the body (POST or PATCH); rejects with the processor's sentence. */
  onSubmit(body: ProjectBody): Promise<void>;
  onCancel(): void;
  /** Suggested for a new project's origins (Grafana's own, so the test event can be sent). */
  suggestedOrigin?: string;
}

export function ProjectForm({ project, onSubmit, onCancel, suggestedOrigin }: ProjectFormProps) {
  const [values, setValues] = useState<ProjectFormValues>(project ? formFromProject(project) : EMPTY_PROJECT);
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const errors = submitted ? validateProject(values) : {};
  const set = <K extends keyof ProjectFormValues>(key: K, value: ProjectFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const text = (key: keyof ProjectFormValues) => ({
    id: `project-${key}`,
    value: values[key] as string,
    invalid: Boolean(errors[key]),
    onChange: (e: React.FormEvent<HTMLInputElement>) => set(key, e.currentTarget.value as never),
  });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setFailure(undefined);
    if (Object.keys(validateProject(values)).length > 0) {
      return;
    }
    const body = projectBody(values, project);
    if (project && Object.keys(body).length === 0) {
      return onCancel();
    }
    setSaving(true);
    try {
      await onSubmit(body);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label={project ? `Edit project ${project.name}` : 'New project'} noValidate>
      <Stack direction="column" gap={0}>
        <Stack gap={2} wrap="wrap">
          <Field label="Name" required invalid={Boolean(errors.name)} error={errors.name}>
            <Input {...text('name')} width={30} placeholder="shop" />
          </Field>
          <Field
            label="Default environment"
            description="For records without deployment.environment.name"
            invalid={Boolean(errors.environment)}
            error={errors.environment}
          >
            <Input {...text('environment')} width={30} placeholder="production" />
          </Field>
        </Stack>
        <Field
          label="Allowed origins"
          description="Browsers may send from these origins only (the CORS check): scheme://host[:port], or * for any. Press Enter after each."
          invalid={Boolean(errors.allowedOrigins)}
          error={errors.allowedOrigins}
        >
          <Stack direction="column" gap={1} alignItems="flex-start">
            <TagsInput
              id="project-allowedOrigins"
              tags={values.allowedOrigins}
              onChange={(tags) => set('allowedOrigins', tags)}
              placeholder="https://shop.example"
              invalid={Boolean(errors.allowedOrigins)}
              addOnBlur
              autoColors={false}
              width={60}
            />
            {suggestedOrigin && !values.allowedOrigins.includes(suggestedOrigin) && (
              <Button
                type="button"
                size="sm"
                variant="secondary"
                fill="text"
                icon="plus"
                onClick={() => set('allowedOrigins', [...values.allowedOrigins, suggestedOrigin])}
              >
                Add this Grafana ({suggestedOrigin}) to send test events
              </Button>
            )}
          </Stack>
        </Field>
        <Stack gap={2} wrap="wrap">
          <Field
            label="Sessions kept (%)"
            description="Server-side sampling by session; errors are always kept"
            invalid={Boolean(errors.samplePercent)}
            error={errors.samplePercent}
          >
            <Input {...text('samplePercent')} width={16} inputMode="decimal" suffix="%" />
          </Field>
          <Field
            label="Rate limit (records/s)"
            description="Blank: the processor's default"
            invalid={Boolean(errors.rateLimitPerSecond)}
            error={errors.rateLimitPerSecond}
          >
            <Input {...text('rateLimitPerSecond')} width={20} inputMode="numeric" />
          </Field>
          <Field
            label="Retention (days)"
            description="Blank: the processor's default"
            invalid={Boolean(errors.retentionDays)}
            error={errors.retentionDays}
          >
            <Input {...text('retentionDays')} width={16} inputMode="numeric" />
          </Field>
        </Stack>
        {failure && (
          <Alert severity="error" title={project ? 'The project was not changed' : 'The project was not created'}>
            {failure}
          </Alert>
        )}
        <Stack gap={1}>
          <Button type="submit" icon={saving ? 'spinner' : undefined} disabled={saving}>
            {project ? 'Save project' : 'Create project'}
          </Button>
          <Button type="button" variant="secondary" fill="outline" onClick={onCancel}>
            Cancel
          </Button>
        </Stack>
      </Stack>
    </form>
  );
}
