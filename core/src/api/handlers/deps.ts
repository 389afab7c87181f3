import type { FolioDb } from '../../db/database';
import type { DescribePrice } from '../../engine/holdings-summary';
import { localDate } from '../../time/local-date';
import type { PortfolioEngine } from '../portfolio-engine';

export interface HandlerDeps {
  db: FolioDb;
  engine: PortfolioEngine;
  now: () => Date;
  /** Source and age of the price a holding shows (from the market handlers' quote cache). */
  describePrice?: DescribePrice;
}

export const todayOf = (deps: HandlerDeps) => localDate(deps.now());
