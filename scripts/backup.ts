// npm run backup [-- <destination file>]: an online backup of the sync server's database.
// Restore: stop the server, replace DATA_DIR/folio.sqlite with the backup (and delete
// folio.sqlite-wal and folio.sqlite-shm beside it), start the server. See the README.
import { resolve } from 'node:path';
import { backupDatabase } from '../sync-server/src/db/backup';

const dataDir = resolve(process.env['DATA_DIR'] ?? 'data');
try {
  const { file, pages } = await backupDatabase(dataDir, process.argv[2] ? resolve(process.argv[2]) : undefined);
  process.stdout.write(`Backed up ${dataDir}/folio.sqlite (${pages} pages) to ${file}\n`);
} catch (error) {
  process.stderr.write(`backup: ${(error as Error).message}\n`);
  process.exit(1);
}
