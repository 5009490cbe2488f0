/** The Overview's row of open insights on the seeded shop: the top open cards, most severe first. */
import React from 'react';
import { DataFrameJSON, dataFrameFromJSON } from '@grafana/data';
import { prefixRoute, ROUTES } from '../../constants';
import type { ShotRender } from '../../testing/shot';
import { cardsOf } from './model';
import { OpenInsightsRow } from './OpenInsightsRow';

export interface OpenInsightsShotData {
  /** The Overview's open-insights frame (openInsightsQuery). */
  list: DataFrameJSON;
}

const shot: ShotRender<OpenInsightsShotData> = {
  name: 'open-insights',
  title: 'Overview open insights',
  width: 1100,
  render: ({ list }) => (
    <OpenInsightsRow
      rows={cardsOf(dataFrameFromJSON(list))}
      hrefOf={(id) => prefixRoute(`${ROUTES.Insights}/${id}`)}
      listHref={prefixRoute(ROUTES.Insights)}
    />
  ),
};

export default shot;
