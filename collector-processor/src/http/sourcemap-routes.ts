/**
 * Source map upload and listing (docs/symbolication.md). Write (editor) or admin token. No route
 * ever returns map content: maps hold the original source.
 */
import express, { type Request, type Response } from 'express';
import type { ProjectStore } from '../projects/project-store';
import { UploadError, type Symbolicator } from '../symbolicate';
import { checkRelease } from '../symbolicate/names';
import { requireToken, type Tokens } from './auth';

export interface SourcemapRouteDeps {
  projects: ProjectStore;
  tokens: Tokens;
  symbolicator: Symbolicator;
}

const PATH = '/projects/:id/releases/:version/sourcemaps';

/** The project and release of the URL, or undefined after answering 404/400. */
function target(req: Request, res: Response, projects: ProjectStore) {
  const id = req.params.id as string;
  if (!projects.get(id)) {
    res.status(404).json({ error: `no project ${id}` });
    return undefined;
  }
  const release = req.params.version as string;
  const problem = checkRelease(release);
  if (problem) {
    res.status(400).json({ error: `${problem}: use the release your app reports as service.version` });
    return undefined;
  }
  return { projectId: id, release };
}

export function sourcemapRoutes(deps: SourcemapRouteDeps) {
  const router = express.Router();
  const write = requireToken(deps.tokens, 'write');

  router.post(PATH, write, async (req, res) => {
    const t = target(req, res, deps.projects);
    if (!t) return;
    try {
      res.status(201).json(await deps.symbolicator.upload(t.projectId, t.release, req));
    } catch (err) {
      if (!(err instanceof UploadError)) throw err;
      // The rest of the body is discarded; close so the client does not keep sending it.
      if (!req.complete) res.set('connection', 'close');
      res.status(err.status).json({ error: err.message });
    }
  });

  router.get(PATH, write, async (req, res) => {
    const t = target(req, res, deps.projects);
    if (!t) return;
    res.json(await deps.symbolicator.list(t.projectId, t.release));
  });

  return router;
}
