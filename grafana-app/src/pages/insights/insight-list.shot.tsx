/**
 * The Insights page's list on the seeded shop, every status: a critical error-rate anomaly in
 * Safari, the LCP regression of release 1.1.0 with its likely cause and next step, an
 * acknowledged and a resolved card.
 */
import React from 'react';
import { DataFrameJSON, dataFrameFromJSON } from '@grafana/data';
import { prefixRoute, ROUTES } from '../../constants';
import type { ShotRender } from '../../testing/shot';
import { InsightCards } from './InsightCards';
import { cardsOf } from './model';

export interface InsightListShotData {
  /** The `insights` list frame (pages/insights/queries.ts insightListQuery, status All). */
  list: DataFrameJSON;
}

const shot: ShotRender<InsightListShotData> = {
  name: 'insight-list',
  title: 'Insights',
  width: 1000,
  render: ({ list }) => (
    <InsightCards rows={cardsOf(dataFrameFromJSON(list))} hrefOf={(id) => prefixRoute(`${ROUTES.Insights}/${id}`)} />
  ),
};

export default shot;
