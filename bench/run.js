// npm run bench: the module's cost per call next to bare axios, Node's http.request and undici,
// side by side in one process, interleaved round by round so machine drift cancels out.
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Test } from '@nestjs/testing';
import axios from 'axios';
import { RosteringService, TimebackModule } from 'nestjs-timeback';
import { Bench } from 'tinybench';
import { Agent as UndiciAgent, request as undiciRequest } from 'undici';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    calls: { type: 'string' },
    rounds: { type: 'string' },
    out: { type: 'string', default: fileURLToPath(new URL('.', import.meta.url)) },
    readme: { type: 'boolean', default: true },
  },
});
const QUICK = args.quick;
/** Calls per client per round, by concurrency: enough for about two seconds each, so the medians settle. */
const CALLS = args.calls ? { 1: Number(args.calls), 64: Number(args.calls) } : QUICK ? { 1: 60, 64: 120 } : { 1: 4000, 64: 10_000 };
const ROUNDS = Number(args.rounds ?? (QUICK ? 2 : 9));
const WARMUP_CALLS = QUICK ? 20 : 500;
const COLD_STARTS = QUICK ? 1 : 7;
const CHURN_CALLS = QUICK ? 100 : 12_000;
const CHURN_ROUNDS = QUICK ? 1 : 4;
const CONCURRENCIES = [1, 64];
const CLIENTS = ['module', 'axios', 'axios-direct', 'http', 'undici'];
const USER_PATH = 'ims/oneroster/rostering/v1p2/users/bench-user';
const FIXED_BEARER = 'Bearer bench-fixed-token';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function startServer() {
  const child = fork(fileURLToPath(new URL('./fixed-server.js', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (type, extra = {}) =>
    new Promise((resolve) => {
      const onMessage = (message) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.send({ type, ...extra });
    });
  return new Promise((resolve) => {
    child.once('message', (message) => resolve({ port: message.port, ask, stop: () => ask('stop').catch(() => undefined) }));
  });
}

function moduleOptions(base) {
  return {
    environment: 'staging',
    clientId: 'bench-client',
    clientSecret: 'bench-secret',
    apiBaseUrl: base,
    qtiApiBaseUrl: base,
    caliperApiBaseUrl: base,
    idpBaseUrl: base,
    env: {},
    healthController: false,
  };
}

async function createModuleClient(base) {
  const moduleRef = await Test.createTestingModule({ imports: [TimebackModule.forRoot(moduleOptions(base))] }).compile();
  await moduleRef.init();
  const rostering = moduleRef.get(RosteringService);
  return { name: 'module', call: () => rostering.getUser('bench-user'), close: () => moduleRef.close() };
}

/** Bare axios as written by hand; `direct` also sets `maxRedirects: 0` and the timeout, as the module does, to isolate the module's own layers. */
function createAxiosClient(base, { direct = false } = {}) {
  const httpAgent = new http.Agent({ keepAlive: true });
  const instance = axios.create({
    baseURL: base,
    httpAgent,
    headers: { Authorization: FIXED_BEARER, Accept: 'application/json' },
    ...(direct ? { maxRedirects: 0, timeout: 30_000 } : {}),
  });
  return { name: direct ? 'axios-direct' : 'axios', call: async () => (await instance.get(USER_PATH)).data.user, close: () => httpAgent.destroy() };
}

function createHttpClient(port) {
  const agent = new http.Agent({ keepAlive: true });
  const options = { host: '127.0.0.1', port, path: `/${USER_PATH}`, agent, headers: { Authorization: FIXED_BEARER, Accept: 'application/json' } };
  const call = () =>
    new Promise((resolve, reject) => {
      const req = http.request(options, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).user));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  return { name: 'http', call, close: () => agent.destroy() };
}

function createUndiciClient(base) {
  const dispatcher = new UndiciAgent({ keepAliveTimeout: 60_000 });
  const url = `${base}${USER_PATH}`;
  const headers = { authorization: FIXED_BEARER, accept: 'application/json' };
  return {
    name: 'undici',
    call: async () => (await (await undiciRequest(url, { dispatcher, headers })).body.json()).user,
    close: () => dispatcher.close(),
  };
}

/** One timed run of `calls` calls at `concurrency`, through tinybench; wall time and CPU from its hooks. */
async function measure(client, concurrency, calls) {
  let wallStart = 0;
  let cpuStart;
  let wallMs = 0;
  let cpu = { user: 0, system: 0 };
  let made = 0;
  const bench = new Bench({ concurrency: concurrency > 1 ? 'task' : null, threshold: concurrency, iterations: calls, time: 0, warmup: false, throws: true });
  bench.add(
    client.name,
    async () => {
      made += 1;
      const user = await client.call();
      if (user?.sourcedId !== 'bench-user') throw new Error(`${client.name} returned ${JSON.stringify(user)}`);
    },
    {
      beforeAll() {
        cpuStart = process.cpuUsage();
        wallStart = performance.now();
      },
      afterAll() {
        wallMs = performance.now() - wallStart;
        cpu = process.cpuUsage(cpuStart);
      },
    },
  );
  await bench.run();
  const { latency } = bench.tasks[0].result;
  return { rps: made / (wallMs / 1000), p50Ms: latency.p50, p99Ms: latency.p99, cpuUsPerCall: (cpu.user + cpu.system) / made, calls: made };
}

async function coldStart(base, times) {
  const samples = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const moduleRef = await Test.createTestingModule({ imports: [TimebackModule.forRoot(moduleOptions(base))] }).compile();
    await moduleRef.init();
    await moduleRef.get(RosteringService).getUser('bench-user');
    samples.push(performance.now() - started);
    await moduleRef.close();
  }
  return { medianMs: median(samples), samplesMs: samples };
}

async function tokenChurn(server, base) {
  await server.ask('ttl', { seconds: 2 });
  const short = await createModuleClient(base);
  await server.ask('ttl', { seconds: 3600 });
  const long = await createModuleClient(base);
  const runs = { short: [], long: [] };
  const tokens = { short: 0, long: 0 };
  for (let round = 0; round < CHURN_ROUNDS; round++) {
    for (const [name, client, ttl] of round % 2 ? [['long', long, 3600], ['short', short, 2]] : [['short', short, 2], ['long', long, 3600]]) {
      await server.ask('ttl', { seconds: ttl });
      await server.ask('reset');
      runs[name].push(await measure(client, 64, CHURN_CALLS));
      tokens[name] += (await server.ask('stats')).tokenRequests;
    }
  }
  await Promise.all([short.close(), long.close()]);
  await server.ask('ttl', { seconds: 3600 });
  const summary = (name) => ({
    rps: median(runs[name].map((r) => r.rps)),
    p99Ms: median(runs[name].map((r) => r.p99Ms)),
    seconds: runs[name].reduce((sum, r) => sum + r.calls / r.rps, 0),
    tokenRequests: tokens[name],
  });
  const result = { ttl2s: summary('short'), ttl3600s: summary('long') };
  // Same-round pairs, like the main table.
  result.ratio = median(runs.short.map((run, i) => run.rps / runs.long[i].rps));
  result.rounds = runs;
  return result;
}

function summarize(perRound) {
  const rows = [];
  const ratios = {};
  for (const concurrency of CONCURRENCIES) {
    const rounds = perRound.filter((r) => r.concurrency === concurrency);
    for (const name of CLIENTS) {
      const mine = rounds.map((r) => r.results[name]);
      rows.push({
        client: name,
        concurrency,
        rps: median(mine.map((r) => r.rps)),
        p50Ms: median(mine.map((r) => r.p50Ms)),
        p99Ms: median(mine.map((r) => r.p99Ms)),
        cpuUsPerCall: median(mine.map((r) => r.cpuUsPerCall)),
      });
    }
    // Ratios of the same round, then their median: each pair ran back to back.
    ratios[concurrency] = {
      moduleVsAxios: median(rounds.map((r) => r.results.module.rps / r.results.axios.rps)),
      moduleVsAxiosDirect: median(rounds.map((r) => r.results.module.rps / r.results['axios-direct'].rps)),
      moduleVsHttp: median(rounds.map((r) => r.results.module.rps / r.results.http.rps)),
      addedP99Ms: median(rounds.map((r) => r.results.module.p99Ms - r.results.axios.p99Ms)),
      cpuVsAxios: median(rounds.map((r) => r.results.module.cpuUsPerCall / r.results.axios.cpuUsPerCall)),
    };
  }
  return { rows, ratios };
}

function markdown(report) {
  const f = (n, digits = 2) => n.toFixed(digits);
  const lines = [
    `Measured ${report.date} on ${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node}; ` +
      `${report.parameters.calls[1]} calls (concurrency 1) and ${report.parameters.calls[64]} calls (concurrency 64) per client per round, ` +
      `${report.parameters.rounds} interleaved rounds, medians over rounds.`,
    '',
    '| client | concurrency | req/s | p50 ms | p99 ms | CPU µs/call |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...report.rows.map((r) => `| ${r.client} | ${r.concurrency} | ${f(r.rps, 0)} | ${f(r.p50Ms, 3)} | ${f(r.p99Ms, 3)} | ${f(r.cpuUsPerCall, 1)} |`),
    '',
    '| concurrency | module / axios (req/s) | module / axios-direct (req/s) | module / http (req/s) | module p99 − axios p99 | module / axios (CPU per call) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...CONCURRENCIES.map((c) => {
      const r = report.ratios[c];
      return `| ${c} | ${f(r.moduleVsAxios)}× | ${f(r.moduleVsAxiosDirect)}× | ${f(r.moduleVsHttp)}× | ${f(r.addedP99Ms, 3)} ms | ${f(r.cpuVsAxios)}× |`;
    }),
    '',
    '`axios` is bare axios as written by hand; `axios-direct` also sets `maxRedirects: 0` and a timeout, as the module does, so ' +
      'module / axios-direct is the cost of the module\'s own layers (interceptors, token cache, envelope and path checks).',
    '',
    `Token requests over the whole run of the module client: ${report.tokenRequests}.`,
    `Cold start (compile the testing module, init, first getUser; modules already loaded): median ${f(report.coldStart.medianMs, 1)} ms over ${report.coldStart.samplesMs.length}.`,
    `Token churn at concurrency 64: ${f(report.churn.ttl2s.rps, 0)} req/s with a 2 s token lifetime ` +
      `(${report.churn.ttl2s.tokenRequests} token requests in ${f(report.churn.ttl2s.seconds, 1)} s) next to ${f(report.churn.ttl3600s.rps, 0)} req/s ` +
      `with 3,600 s (${report.churn.ttl3600s.tokenRequests} token requests): ${f(report.churn.ratio)}×.`,
  ];
  return lines.join('\n');
}

async function main() {
  const server = await startServer();
  const base = `http://127.0.0.1:${server.port}/`;
  const clients = [
    await createModuleClient(base),
    createAxiosClient(base),
    createAxiosClient(base, { direct: true }),
    createHttpClient(server.port),
    createUndiciClient(base),
  ];
  const perRound = [];
  try {
    for (const concurrency of CONCURRENCIES) {
      for (const client of clients) await measure(client, concurrency, WARMUP_CALLS);
      for (let round = 0; round < ROUNDS; round++) {
        const order = clients.map((_, i) => clients[(i + round) % clients.length]);
        const results = {};
        for (const client of order) results[client.name] = await measure(client, concurrency, CALLS[concurrency]);
        perRound.push({ concurrency, round, order: order.map((c) => c.name), results });
      }
    }
    const tokenRequests = (await server.ask('stats')).tokenRequests;
    await server.ask('reset');
    const cold = await coldStart(base, COLD_STARTS);
    const churn = await tokenChurn(server, base);

    const { rows, ratios } = summarize(perRound);
    const report = {
      date: new Date().toISOString(),
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}` },
      parameters: { calls: CALLS, rounds: ROUNDS, warmupCalls: WARMUP_CALLS, concurrencies: CONCURRENCIES, churnCalls: CHURN_CALLS, churnRounds: CHURN_ROUNDS, quick: QUICK },
      rows,
      ratios,
      tokenRequests,
      coldStart: cold,
      churn,
      targets: {
        throughputC64: ratios[64].moduleVsAxios >= 0.9,
        throughputC1: ratios[1].moduleVsAxios >= 0.9,
        addedP99UnderOneMs: Math.max(ratios[1].addedP99Ms, ratios[64].addedP99Ms) <= 1,
        oneTokenRequest: tokenRequests === 1,
      },
      perRound,
    };
    const table = markdown(report);
    console.log(table);
    writeFileSync(`${args.out}/results.json`, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(`${args.out}/RESULTS.md`, `# Benchmark results\n\nRegenerated by \`npm run bench\`.\n\n${table}\n`);
    if (args.readme && !QUICK) updateReadme(table);
  } finally {
    for (const client of clients) await client.close();
    await server.stop();
  }
}

/** Replaces the table between the bench markers in README.md, so no figure there is typed by hand. */
function updateReadme(table) {
  const path = fileURLToPath(new URL('../README.md', import.meta.url));
  const readme = readFileSync(path, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  if (!readme.includes(start)) return;
  writeFileSync(path, `${readme.slice(0, readme.indexOf(start) + start.length)}\n${table}\n${readme.slice(readme.indexOf(end))}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
