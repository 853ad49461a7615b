// Logs a few lines with pino through @openobserve/pino-openobserve and exits once they are sent.
// Settings from the environment: SHOPWATCH_URL (base URL; the library posts to {url}/api/{org}/{stream}/_multi),
// SHOPWATCH_ORG, SHOPWATCH_STREAM, SHOPWATCH_API_KEY (sent as the Basic password), RUN (a marker on every line).
//
// The library's class is a stream to hand to pino as its destination. Neither pino's `transport` option nor
// pino.transport() can load it: pino expects a module path there (it throws on the class) and calls the module as a
// function in a worker thread (the class cannot be called without `new`).
'use strict';

const pino = require('pino');
const OpenobserveTransport = require('@openobserve/pino-openobserve');

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
};

const logger = pino(
  { level: 'info' },
  new OpenobserveTransport({
    url: env('SHOPWATCH_URL'),
    organization: env('SHOPWATCH_ORG'),
    streamName: env('SHOPWATCH_STREAM'),
    auth: { username: env('SHOPWATCH_ORG'), password: env('SHOPWATCH_API_KEY') },
    batchSize: 10,
    // the batch is sent this long after the last line; the process exits when nothing is left to send
    timeThreshold: 200,
  }),
).child({ run: env('RUN') });

logger.info({ orderId: 'o-1', cart: { items: 3, total: 42.5 } }, 'order placed');
logger.warn({ orderId: 'o-1' }, 'card 4111111111111111 declined, call 13812345678');
logger.error(new Error('payment gateway timed out'), 'checkout failed');
logger.child({ module: 'inventory' }).info('stock reserved');
