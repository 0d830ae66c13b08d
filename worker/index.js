// The reference edge worker (Workers format): what Salebot would deploy to receive SipOut
// webhooks. POST /webhook with the shared secret in `X-Sipout-Secret`:
//   secret checked (constant time) → handleWebhook (event, notifications) → the client
//   matched by ClientMatcher against the storage (created when unknown) → the deal
//   variables merged over the client's → CRM requests → stored → a JSON answer of what it did.
// A delivery already seen is answered as before, with `duplicate: true`, and changes nothing.
//
// Environment: SIPOUT_SECRET (required), SIPOUT_SETTINGS (JSON of validateSettings' input:
// employees, messengers, crm; optional), SIPOUT_KV (a KV namespace; without it the clients
// live in this instance's memory). The worker sends nothing itself: the CRM requests and the
// notifications in its answer are what a host sends next.
import { ClientMatcher, crmRequests, dealVariables, handleWebhook, SipoutError, validateSettings } from '@salebot/sipout';
import { Clients, KvStore, MemoryStore } from './storage.js';

/** The header that carries the shared secret. */
const SECRET_HEADER = 'X-Sipout-Secret';
/** The largest body read: the module's own webhook limit (MAX_BODY_BYTES). */
const MAX_BODY_BYTES = 1 << 20;

const memory = new Clients(new MemoryStore());

const json = (status, body) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
const refuse = (status, error, message, extra = {}) => json(status, { ok: false, error, ...extra, message });

/** Equal strings, compared in time that depends on neither: both are hashed first. */
async function sameSecret(given, expected) {
  const enc = new TextEncoder();
  const [a, b] = await Promise.all([given, expected].map((s) => crypto.subtle.digest('SHA-256', enc.encode(s))));
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

/** The project's settings from SIPOUT_SETTINGS, checked by the module. */
function settingsOf(env) {
  if (!env.SIPOUT_SETTINGS) return { employees: [], messengers: [], crm: undefined, apiKey: undefined };
  const raw = typeof env.SIPOUT_SETTINGS === 'string' ? JSON.parse(env.SIPOUT_SETTINGS) : env.SIPOUT_SETTINGS;
  return validateSettings(raw);
}

/** A CRM request as the answer shows it: tokens masked, the body kept. */
function maskRequest(request) {
  const headers = { ...request.headers };
  if (headers.Authorization) headers.Authorization = 'Bearer ********';
  // Bitrix24 inbound webhooks carry their token in the path: /rest/<user>/<token>/method.
  const url = request.url.replace(/(\/rest\/\d+\/)[^/]+/, '$1********');
  return { ...request, url, headers };
}

/** Runs the matcher's steps against the storage until it decides. */
async function matchClient(clients, phone, messengers) {
  const matcher = new ClientMatcher(phone, { messengers });
  let step = matcher.next();
  const queries = [];
  while (step.op !== 'done') {
    queries.push(step.op);
    if (step.op === 'findTelephonyClient') {
      step = matcher.answer(await clients.telephonyClients(step.phone));
    } else if (step.op === 'findClientsByVariables') {
      const { rows, more } = await clients.clientsByVariables(step.search, step.page);
      step = matcher.answer(rows, more);
    } else {
      throw new Error(`unknown matcher step ${step.op}`);
    }
  }
  return { decision: step.decision, queries };
}

async function webhook(request, env) {
  if (!env.SIPOUT_SECRET) return refuse(503, 'not_configured', 'SIPOUT_SECRET is not set');
  const given = request.headers.get(SECRET_HEADER);
  if (given === null) return refuse(401, 'missing_secret', `the ${SECRET_HEADER} header is missing`);
  if (!(await sameSecret(given, env.SIPOUT_SECRET))) return refuse(403, 'wrong_secret', `the ${SECRET_HEADER} header does not match`);

  const declared = Number(request.headers.get('Content-Length') ?? 0);
  if (declared > MAX_BODY_BYTES) return refuse(413, 'invalid_webhook', `over ${MAX_BODY_BYTES} bytes`, { reason: 'too_large' });
  const body = new Uint8Array(await request.arrayBuffer());
  const contentType = request.headers.get('Content-Type') ?? undefined;

  let settings;
  try {
    settings = settingsOf(env);
  } catch (e) {
    return refuse(503, 'not_configured', `SIPOUT_SETTINGS: ${e.message}`);
  }

  // The event and its notifications do not depend on the client; the employee's name does
  // depend on the event, so the body is read once for the event first.
  const first = handleWebhook(body, contentType);
  const { event } = first;
  const seen = env.SIPOUT_KV ? new Clients(new KvStore(env.SIPOUT_KV)) : memory;
  const earlier = await seen.delivery(event.dedupKey);
  if (earlier) return json(200, { ...earlier, duplicate: true });

  const employee = settings.employees.find((e) => event.extension && e.extension === event.extension);
  const locale = settings.crm?.locale === 'en' ? 'en' : undefined;
  const { notifications } = employee?.name || locale ? handleWebhook(body, contentType, { employeeName: employee?.name, locale }) : first;

  const clients = seen;
  const { decision, queries } = await matchClient(clients, event.phone, settings.messengers);
  let client;
  if (decision.kind === 'existing') {
    client = await clients.get(decision.clientId);
    if (!client) return refuse(500, 'storage', `client ${decision.clientId} was found but cannot be read`);
  } else {
    const telephony = decision.channel.toLowerCase() === 'telephony';
    client = await clients.create({
      channel: decision.channel,
      phone: telephony ? decision.phone : undefined,
      variables: telephony ? {} : { phone: decision.phone },
    });
  }

  const variables = dealVariables(event, client.deal);
  const crm = settings.crm ? crmRequests(event, notifications, settings.crm, client.crmState) : [];
  client.deal = variables;
  await clients.save(client);

  const answer = {
    ok: true,
    duplicate: false,
    event: event.action,
    callId: event.callId,
    dedupKey: event.dedupKey,
    phone: event.phone,
    client: {
      id: client.id,
      channel: client.channel,
      decision: decision.kind === 'existing' ? 'found' : 'created',
      ...(decision.via ? { via: decision.via } : {}),
      ...(decision.variable ? { variable: decision.variable } : {}),
      ...(decision.kind === 'create' ? { canMessage: decision.canMessage } : {}),
      queries,
    },
    ...(employee ? { employee: { id: employee.id, name: employee.name } } : {}),
    variables,
    notifications,
    crmRequests: crm.map(maskRequest),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
  await clients.recordDelivery(event.dedupKey, answer);
  return json(200, answer);
}

export default {
  async fetch(request, env = {}) {
    const { pathname } = new URL(request.url);
    try {
      if (pathname === '/webhook') {
        if (request.method !== 'POST') return refuse(405, 'method_not_allowed', 'POST a SipOut webhook here');
        return await webhook(request, env);
      }
      if (pathname === '/' && request.method === 'GET') {
        return json(200, { ok: true, service: 'salebot-sipout reference worker', webhook: 'POST /webhook', secretHeader: SECRET_HEADER });
      }
      return refuse(404, 'not_found', `nothing at ${pathname}`);
    } catch (e) {
      if (e instanceof SipoutError) return refuse(e.code === 'invalid_webhook' ? 400 : 422, e.code, e.message, e.reason ? { reason: e.reason } : {});
      // Anything else is a bug of the worker or the module: say so, without details.
      console.error('reference worker:', e);
      return refuse(500, 'internal', 'internal error');
    }
  },
};
