import type { FolioDb } from '../../db/database';
import { localDate } from '../../time/local-date';
import type { PortfolioEngine } from '../portfolio-engine';

export interface HandlerDeps {
  db: FolioDb;
  engine: PortfolioEngine;
  now: () => Date;
}

export const todayOf = (deps: HandlerDeps) => localDate(deps.now());
