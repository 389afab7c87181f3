import * as Comlink from 'comlink';
import { createCoreApi } from '../api/create-core-api';
import { FolioDb } from '../db/database';
import './error-transfer';

// The worker owns the database: every UI reaches it through the CoreApi below.
Comlink.expose(createCoreApi({ db: new FolioDb() }));
