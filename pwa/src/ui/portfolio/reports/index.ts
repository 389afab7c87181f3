/** The Portfolio screen's report panels, each a tab of /portfolio/<id>. */
export { PerformancePanel } from './performance-panel';
export { IncomePanel } from './income-panel';
export { AllocationPanel } from './allocation-panel';
export { RebalancePanel } from './rebalance-panel';
export { RealizedGainsPanel } from './realized-gains-panel';
