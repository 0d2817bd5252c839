// The frame of a dashboard page: its title and a sentence of what it answers, then the filter bar,
// then the page's cards.
import type { ReactNode } from 'react';
import './dashboard.css';
import { FilterBar } from './filter-bar';
import type { FilterDim } from './filters-data';

export function DashboardFrame(props: {
  title: string;
  intro?: ReactNode;
  dims?: readonly FilterDim[];
  showCompare?: boolean;
  showPeriod?: boolean;
  children: ReactNode;
}) {
  return (
    <>
      <h1>{props.title}</h1>
      {props.intro && <p className="page-intro">{props.intro}</p>}
      <FilterBar
        {...(props.dims ? { dims: props.dims } : {})}
        showCompare={props.showCompare ?? true}
        showPeriod={props.showPeriod ?? true}
      />
      {props.children}
    </>
  );
}
