import { parseArgs } from 'node:util';
import { fabdeskHome } from './fabdesk-home.ts';
import { RECORD_WAIT_MS, sendOutbox } from './send-outbox.ts';

const USAGE = 'usage: fabdesk sync --server http://host:port [--token T]';

/**
 * `fabdesk sync --server URL --token T`: sends the plot records `fabdesk plot` left in the
 * outbox (`fabdeskHome()/outbox/`) because the server was unreachable when the plot ended,
 * retrying for `RECORD_WAIT_MS`. Prints what was sent; exit code 0 when nothing is left
 * for this server, 1 otherwise (what is left stays in the outbox for the next try).
 */
export async function runSyncCommand(argv: string[]): Promise<number> {
  let values: { server?: string | undefined; token?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { server: { type: 'string' }, token: { type: 'string' } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const token = values.token ?? process.env.FABDESK_TOKEN;
  if (!values.server || !token) {
    console.error(
      `fabdesk sync: --server and a device token (--token or FABDESK_TOKEN) are needed\n${USAGE}`,
    );
    return 2;
  }
  const say = (line: string) => console.error(`fabdesk sync: ${line}`);
  const summary = await sendOutbox({
    home: fabdeskHome(),
    server: values.server,
    token,
    waitMs: RECORD_WAIT_MS,
    giveUpOffline: false,
    say,
  });
  const { sent, refused, waiting } = summary;
  if (sent + refused + waiting === 0) {
    say('nothing to send');
    return 0;
  }
  say(`sent ${sent} record write${sent === 1 ? '' : 's'}${refused ? `, ${refused} refused` : ''}`);
  if (waiting > 0)
    say(`${waiting} still waiting in ${summary.files.join(', ')} (${summary.problem})`);
  return waiting > 0 ? 1 : 0;
}
