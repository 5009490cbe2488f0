/** The seeded project as the Setup page reads it on the admin route (GET /api/v1/projects/{id}): its name, key and environment. */
import type { InstallSnippetShotData } from '../../../src/components/InstallSnippet/install-snippet.shot';
import type { AdminProjectJSON } from '../../../src/pages/setup/types';
import { AppProcessor, callRoute } from '../../helpers/processor';

export default async function load(app: AppProcessor): Promise<InstallSnippetShotData> {
  const { status, body } = await callRoute(app, 'admin', 'GET', `/api/v1/projects/${app.project.id}`);
  const project = body as AdminProjectJSON;
  if (status !== 200 || !project.ingestKey) {
    throw new Error(`GET /api/v1/projects/${app.project.id}: ${status} ${JSON.stringify(body)}`);
  }
  // The test processor listens on a random loopback port; a public URL keeps the picture stable.
  return {
    project: project.name,
    ingestKey: project.ingestKey,
    environment: project.environment,
    publicUrl: 'https://rum.shop.example',
  };
}
