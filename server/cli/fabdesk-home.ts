import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the CLI keeps its own files (the record outbox): `FABDESK_HOME`, else the
 * platform's per-user data folder — `$XDG_DATA_HOME/fabdesk` or `~/.local/share/fabdesk`,
 * `%LOCALAPPDATA%\fabdesk` on Windows. Not the server's `FABDESK_DATA_DIR` (`.fabdesk/`,
 * the embedded database): a Raspberry Pi at the plotter runs the CLI without a server.
 */
export function fabdeskHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FABDESK_HOME) return env.FABDESK_HOME;
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'fabdesk');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'fabdesk');
}
