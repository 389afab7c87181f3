// Another commit's sources beside this checkout, for comparing engines in one process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const checkoutRoot = resolve(import.meta.dirname, '..');

/** Checks `ref` out as a temporary git worktree, runs `use` with its root, and removes it. */
export async function withCommit<T>(ref: string, use: (root: string) => Promise<T>): Promise<T> {
  const root = join(mkdtempSync(join(tmpdir(), 'engine-ref-')), 'tree');
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', root, ref], { cwd: checkoutRoot, stdio: 'inherit' });
  try {
    // The other commit's sources resolve packages from this checkout's node_modules.
    symlinkSync(join(checkoutRoot, 'node_modules'), join(root, 'node_modules'));
    return await use(root);
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', root], { cwd: checkoutRoot });
    rmSync(resolve(root, '..'), { recursive: true, force: true });
  }
}
