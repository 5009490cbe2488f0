import type { QueryHandler } from '../../handler';

export const handlers: QueryHandler[] = [];
