/** The seeded project's name, as the processor lists it on the read route (GET /api/v1/projects). */
import type { EmptyStateShotData } from '../../../src/components/EmptyState/empty-state.shot';
import { AppProcessor, callRoute } from '../../helpers/processor';

export default async function load(app: AppProcessor): Promise<EmptyStateShotData> {
  const { status, body } = await callRoute(app, 'read', 'GET', '/api/v1/projects');
  const projects = (body as { projects?: Array<{ id: string; name: string }> }).projects ?? [];
  const project = projects.find((p) => p.id === app.project.id);
  if (status !== 200 || !project) {
    throw new Error(`GET /api/v1/projects: ${status}, the seeded project ${app.project.id} is not listed`);
  }
  return { project: project.name };
}
