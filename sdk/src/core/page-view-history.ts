/**
 * This document's page views, oldest first: records measured earlier than they are sent (resource
 * timings at page hide, a route's vitals at the next route) are stamped with the page view they
 * belong to, not the one shown when they are sent.
 */
import type { PageViewRef } from './context';

/** Enough for any buffered record: resource timings and vitals are sent at the latest on hide. */
export const MAX_PAGE_VIEWS = 50;

export function createPageViewHistory(first: PageViewRef) {
  const views: PageViewRef[] = [first];
  return {
    add(view: PageViewRef): void {
      views.push(view);
      if (views.length > MAX_PAGE_VIEWS) views.shift();
    },
    /** See SdkContext.pageViewAt. */
    at(time: number, url?: string): PageViewRef {
      let i = views.length - 1;
      while (i > 0 && views[i].start > time) i--;
      if (url) for (let j = i; j < views.length; j++) if (views[j].url === url) return views[j];
      return views[i];
    },
  };
}
