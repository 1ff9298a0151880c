'use strict';
// Reachability checks for PostgreSQL and Redis that name the URL and how to start the service.
const net = require('node:net');

function hostPort(url, defaultPort) {
  const parsed = new URL(url);
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || defaultPort) };
}

function probe({ host, port }, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (error) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => done(new Error('timed out')));
    socket.once('connect', () => done(null));
    socket.once('error', (error) => done(error));
  });
}

const HINTS = {
  PostgreSQL: (variable) => `start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start  (or point ${variable} at a running server)`,
  Redis: "start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379  (or point REDIS_URL at a running server)",
};

/**
 * The owner's URL when DATABASE_OWNER_URL is not set: the server and database of DATABASE_URL,
 * as the local superuser. Same rule as AppConfig.databaseOwnerUrl (libs/common/src/config.ts).
 */
function ownerUrlOf(databaseUrl) {
  const owner = new URL(databaseUrl);
  owner.username = 'postgres';
  owner.password = '';
  return owner.toString();
}

/** Resolves with a list of problems; empty when both services answer. */
async function checkServices({ databaseUrl, databaseVariable = 'DATABASE_URL', redisUrl }) {
  const problems = [];
  const pgError = await probe(hostPort(databaseUrl, 5432));
  if (pgError) problems.push(`PostgreSQL is not reachable at ${redact(databaseUrl)} (${pgError.message}); ${HINTS.PostgreSQL(databaseVariable)}`);
  else {
    // The port answers; make sure it is PostgreSQL that lets us in.
    const { Client } = require('pg');
    const admin = new URL(databaseUrl);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (error) {
      problems.push(`PostgreSQL at ${redact(databaseUrl)} refused the connection (${error.message}); check ${databaseVariable}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const redisError = await probe(hostPort(redisUrl, 6379));
  if (redisError) problems.push(`Redis is not reachable at ${redact(redisUrl)} (${redisError.message}); ${HINTS.Redis}`);
  return problems;
}

function redact(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

module.exports = { checkServices, ownerUrlOf, redact };
