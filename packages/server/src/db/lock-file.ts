import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** A data folder is in use by another process: the message names it and says what to do. */
export class FolderLockedError extends Error {
  constructor(folder: string, holder: string) {
    super(
      `the data folder ${folder} is in use by another shopscene server (${holder}). PGlite lets only one process open a folder (two would corrupt it): stop the other one, or give this one another folder (--data DIR). To run several servers on one database, use PostgreSQL (DATABASE_URL).`,
    );
    this.name = 'FolderLockedError';
  }
}

/** Whether the process `pid` on this machine is still running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Holds `folder` for this process with a lock file (`shopscene.lock`, made with O_EXCL, holding the pid):
 * a second process refuses to start. A lock left by a process that died (kill -9, a crash) is taken over.
 * Returns the function that lets go.
 */
export function lockFolder(folder: string): () => void {
  const file = join(folder, 'shopscene.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(readFileSync(file, 'utf8'));
      } catch {} // written half (the holder died while writing): treated as stale
      const here = holder.host === hostname();
      if (typeof holder.pid === 'number' && (!here || alive(holder.pid))) throw new FolderLockedError(folder, `pid ${holder.pid}${here ? '' : ` on ${holder.host}`}`);
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new FolderLockedError(folder, 'unknown');
}
