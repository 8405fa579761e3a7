import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { StartupError } from './startup-error.ts';

/**
 * Serves `fetch` (a Hono app's) on host:port and resolves once the socket is bound.
 * Bind failures become one-sentence `StartupError('port')`s telling the user which
 * variable to change.
 */
export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  host: string,
  port: number,
): Promise<Server> {
  const server = createServer(getRequestListener(fetch));
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new StartupError('port', explainListenFailure(error, host, port)));
    });
    server.listen(port, host, () => resolve(server));
  });
}

function explainListenFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use; set PORT`;
    case 'EACCES':
      return `port ${port} on ${host} needs privileges this process lacks; set PORT to 1024 or above`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine; set HOST`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name ${host} could not be resolved; set HOST`;
    default:
      return `could not listen on ${host}:${port}: ${error.message}`;
  }
}
