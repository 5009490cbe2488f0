import express from 'express';
import type { ProjectStore } from '../projects/project-store';
import type { Symbolicator } from '../symbolicate';
import type { Tokens } from './auth';

export interface SourcemapRouteDeps {
  projects: ProjectStore;
  tokens: Tokens;
  symbolicator: Symbolicator;
}

// Placeholder: the symbolication helper adds the upload API (issue #4).
export function sourcemapRoutes(_deps: SourcemapRouteDeps) {
  return express.Router();
}
