/** Core Web Vitals per route of the seeded shop, /checkout chosen, LCP's trend. */
import React from 'react';
import { DataFrameJSON, dataFrameFromJSON } from '@grafana/data';
import { TREND_REF } from '../../pages/performance/queries';
import { routeRows, Vital } from '../../pages/performance/vitals';
import type { ShotRender } from '../../testing/shot';
import { VitalsByRouteTable } from './VitalsByRouteTable';

export interface VitalsByRouteShotData {
  frames: DataFrameJSON[];
  vital: Vital;
  selectedRoute?: string;
}

const shot: ShotRender<VitalsByRouteShotData> = {
  name: 'vitals-by-route',
  title: 'Core Web Vitals by route',
  width: 1100,
  render: ({ frames, vital, selectedRoute }) => (
    <VitalsByRouteTable
      rows={routeRows(frames.map(dataFrameFromJSON), TREND_REF)}
      vital={vital}
      selectedRoute={selectedRoute}
    />
  ),
};

export default shot;
