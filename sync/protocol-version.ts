/**
 * The replication protocol's version. Every sync request carries it in
 * PROTOCOL_HEADER; a server that speaks another version answers 426 and the PWA offers
 * a reload. Raise it when a message, a collection's document shape or a rule changes
 * in a way an older client would get wrong.
 */
export const SYNC_PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-fabdesk-protocol';
