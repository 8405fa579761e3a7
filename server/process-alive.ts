/**
 * Whether a process with this pid exists (signal 0 delivers nothing, it only checks).
 * EPERM counts as alive: the process exists but belongs to another user (postgres runs as
 * `postgres` under root). It cannot tell a reused pid from the original process.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
