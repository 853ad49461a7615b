// The services the browser tests run against, each started from the executable jar its module builds, in a JVM of
// its own: the embedded store, auth-service, logging-service, alert-service and dashboard-service (which serves the
// console). A small router stands where the gateway stands in production: one origin, /api paths sent to the service
// that owns them, everything else to dashboard-service.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const moduleDir = path.resolve(here, '../../../..');
const root = process.env.SHOPWATCH_ROOT ? path.resolve(process.env.SHOPWATCH_ROOT) : path.resolve(moduleDir, '..');
export const work = process.env.CONSOLE_WORK ? path.resolve(process.env.CONSOLE_WORK) : path.join(moduleDir, 'target/console-e2e');

export const ADMIN = { username: 'admin', password: 'console-e2e-Passw0rd!' };
const STORE_USER = 'root@console-e2e.local';
const STORE_PASSWORD = 'console-e2e-store-pass';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function jar(module, name = module) {
  const file = path.join(root, module, 'target', `${name}.jar`);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: build it first (./mvnw -pl dashboard-service -am verify packages every module the browser tests need)`);
  }
  return file;
}

/** One service from its jar; resolves once it listens and its health answers 200. */
async function startService(name, jarFile, env, started, healthPath = '/actuator/health/liveness') {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(work, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(
    process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java',
    ['-Xms32m', '-Xmx256m', '-Xss512k', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '--enable-native-access=ALL-UNNAMED', '-jar', jarFile],
    {
      cwd: dir,
      env: { ...process.env, ...env, SERVER_PORT: '0', LOG_FORMAT: '', SHOPWATCH_DEV_MODE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let port = 0;
  const take = (chunk) => {
    log.write(chunk);
    if (!port) {
      output += chunk.toString();
      const m = /started on port (\d+)/.exec(output);
      if (m) port = Number(m[1]);
    }
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  let exited = null;
  child.on('exit', (code) => (exited = code));
  // stopped with the others whatever happens next, and never outliving the test run
  process.on('exit', () => child.exitCode === null && child.kill('SIGKILL'));
  started.push({ name, stop: () => stopChild(child) });
  // generous: on a loaded two-core machine a service has been seen to take 165 s to start
  const deadline = Date.now() + 420_000;
  for (;;) {
    if (exited !== null) throw new Error(`${name} exited with ${exited}; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`${name} did not become ready in time; see ${logFile}`);
    if (port) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}${healthPath}`);
        if (r.status === 200) break;
      } catch {
        // not listening yet
      }
    }
    await sleep(250);
  }
  return { name, port, url: `http://127.0.0.1:${port}` };
}

function stopChild(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Hop-by-hop headers (RFC 9110, 7.6.1): they describe one connection and are never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

function endToEnd(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

/**
 * Forwards a request to {@code target} (a base URL), streaming both ways (live tail's SSE included). Each request
 * gets its own upstream connection, and each answer closes its downstream one: no side ever reuses a socket the
 * other may be closing at that moment (a pooled socket closed by its server fails the next request sent on it).
 */
function forward(req, res, target) {
  const url = new URL(req.url, target);
  const upstream = http.request(
    url,
    { method: req.method, headers: { ...endToEnd(req.headers), host: url.host }, agent: false },
    (answer) => {
      res.writeHead(answer.statusCode, { ...endToEnd(answer.headers), connection: 'close' });
      answer.pipe(res);
    },
  );
  upstream.on('error', (e) => {
    if (res.headersSent) {
      res.destroy(e);
      return;
    }
    res.writeHead(502, { 'Content-Type': 'application/problem+json', connection: 'close' });
    res.end(JSON.stringify({ title: 'Bad Gateway', status: 502, detail: e.message }));
  });
  req.pipe(upstream);
}

/**
 * The one origin the browser sees. {@code routes}: [prefix, base URL or handler(req, res)], first match wins;
 * {@code fallback}: base URL of the service serving the console.
 */
function router(routes, fallback) {
  const server = http.createServer((req, res) => {
    const pathName = req.url.split('?')[0];
    const hit = routes.find(([prefix]) => pathName === prefix || pathName.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
    const target = hit ? hit[1] : fallback;
    if (typeof target === 'function') target(req, res);
    else forward(req, res, target);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Starts everything; answers {baseUrl, services, storeIngest(records), stop()}. */
export async function startStack({ fixtures = [] } = {}) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const started = [];
  const stop = async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
  try {
    // the store and auth-service first (the others need auth's JWK set); then the rest side by side
    const [store, auth] = await Promise.all([
      startService('embedded-store', jar('embedded-store'), {
        ZO_HTTP_PORT: '0',
        ZO_DATA_DIR: path.join(work, 'store-data'),
        ZO_ROOT_USER_EMAIL: STORE_USER,
        ZO_ROOT_USER_PASSWORD: STORE_PASSWORD,
        ZO_INGEST_ALLOWED_UPTO: '48',
      }, started, '/healthz'),
      startService('auth-service', jar('auth-service'), {
        SHOPWATCH_ADMIN_PASSWORD: ADMIN.password,
        SHOPWATCH_EMBEDDED_DB_DIR: path.join(work, 'auth-db'),
        KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
      }, started),
    ]);
    const jwks = `${auth.url}/.well-known/jwks.json`;
    const common = {
      AUTH_JWKS_URL: jwks,
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1',
      OPENOBSERVE_URL: store.url,
      OPENOBSERVE_USER: STORE_USER,
      OPENOBSERVE_PASSWORD: STORE_PASSWORD,
    };
    const [logging, alert, dashboard] = await Promise.all([
      startService('logging-service', jar('logging-service'), { ...common, TAIL_ENABLED: 'false' }, started),
      startService('alert-service', jar('alert-service'), {
        ...common,
        SHOPWATCH_EMBEDDED_DB_DIR: path.join(work, 'alert-db'),
      }, started),
      startService('dashboard-service', process.env.CONSOLE_JAR || jar('dashboard-service'), {
        ...common,
        SHOPWATCH_EMBEDDED_DB_DIR: path.join(work, 'dashboard-db'),
      }, started),
    ]);
    const server = await router(
      [
        ...fixtures,
        ['/api/v1/auth', auth.url],
        ['/api/v1/orgs', auth.url],
        ['/.well-known', auth.url],
        ['/api/v1/logs', logging.url],
        ['/api/v1/analytics', logging.url],
        ['/api/v1/alerts', alert.url],
        ['/api/v2', alert.url],
      ],
      dashboard.url,
    );
    const baseUrl = `http://127.0.0.1:${server.address().port}`;
    return {
      baseUrl,
      services: { store, auth, logging, alert, dashboard },
      /** Writes records straight into a stream ({@code logs} unless named) of org {@code default} in the store. */
      async storeIngest(records, stream = 'logs') {
        const r = await fetch(`${store.url}/api/default/${stream}/_json`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Basic ${Buffer.from(`${STORE_USER}:${STORE_PASSWORD}`).toString('base64')}`,
          },
          body: JSON.stringify(records),
        });
        if (!r.ok) throw new Error(`store ingest: ${r.status} ${await r.text()}`);
      },
      stop: async () => {
        server.close();
        await stop();
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The log of one service, for a failing test's message. */
export function serviceLog(name) {
  try {
    return readFileSync(path.join(work, `${name}.log`), 'utf8').slice(-4000);
  } catch {
    return '';
  }
}
