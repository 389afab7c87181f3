import type { FolioDb } from '../db/database';
import { CoreError } from '../errors';
import type { CoreApi, WatchQuery } from './core-api';
import type { HandlerDeps } from './handlers/deps';
import { ioHandlers } from './handlers/io';
import { recordHandlers } from './handlers/records';
import { reportHandlers } from './handlers/reports';
import { transactionHandlers } from './handlers/transactions';
import { PortfolioEngine } from './portfolio-engine';

export interface CoreDeps {
  db: FolioDb;
  /** The current time; injected so tests can pin "today". */
  now?: () => Date;
}

/** Builds the worker's API from one handler group per domain over one shared engine. */
export function createCoreApi({ db, now = () => new Date() }: CoreDeps): CoreApi & { engine: PortfolioEngine } {
  const engine = new PortfolioEngine(db);
  const deps: HandlerDeps = { db, engine, now };
  const records = recordHandlers(deps);
  const transactions = transactionHandlers(deps);
  const reports = reportHandlers(deps);
  const io = ioHandlers(deps);

  const run = (query: WatchQuery): Promise<unknown> => {
    switch (query.kind) {
      case 'holdings':
        return reports.getHoldings(query.scope);
      case 'performance':
        return reports.getPerformance(query.scope, query.period, query.benchmark);
      case 'income':
        return reports.getIncome(query.scope);
      case 'allocation':
        return reports.getAllocation(query.scope, query.by);
      case 'transactions':
        return transactions.listTransactions(query.filter);
      case 'portfolios':
        return records.listPortfolios();
    }
  };
  const watchers = new Map<number, () => void>();
  let nextWatchId = 1;

  return {
    engine,
    ...records,
    ...transactions,
    ...reports,
    ...io,

    async watch(query, onChange) {
      const id = nextWatchId++;
      let running: Promise<void> = Promise.resolve();
      const push = () => {
        // Serialized, so results arrive in the order of the changes that caused them.
        running = running.then(() =>
          run(query).then(
            (result) => onChange(result),
            (error: unknown) => onChange({ error: CoreError.from(error).toData() }),
          ),
        );
      };
      watchers.set(id, engine.onChange(push));
      push();
      await running;
      return id;
    },

    async unwatch(id) {
      watchers.get(id)?.();
      watchers.delete(id);
    },
  };
}
