// The reference worker's storage: the clients, their deals and the deliveries seen, kept
// behind one small interface (`Clients`) over a key-value store of JSON values. Two stores:
// `MemoryStore` (a Map, the default) and `KvStore` (a Workers KV namespace binding).
//
// Keys: `client:<id>` the client ({ id, channel, phone?, variables, deal, crmState? });
// `tel:<phone>` the ids of Telephony clients with that phone; `var:<phone>` the ids of the
// clients a variable of which holds the phone (found with findPhones), in creation order;
// `seq` the last id number given; `seen:<dedupKey>` the answer given to a delivery.
//
// KV is eventually consistent and has no transactions: two webhooks of one new number
// arriving at the same instant on two edge locations may create two clients. A production
// host keeps clients in its database, where the matcher's queries run as SQL.
import { findPhones } from '@salebot/sipout';

/** Rows a `clientsByVariables` page holds; the matcher asks for the next page when more. */
const PAGE_ROWS = 100;

export class MemoryStore {
  #map = new Map();
  async get(key) {
    const text = this.#map.get(key);
    return text === undefined ? null : JSON.parse(text);
  }
  async put(key, value) {
    this.#map.set(key, JSON.stringify(value));
  }
}

export class KvStore {
  #kv;
  constructor(namespace) {
    this.#kv = namespace;
  }
  get(key) {
    return this.#kv.get(key, 'json');
  }
  put(key, value) {
    return this.#kv.put(key, JSON.stringify(value));
  }
}

/** The phones the client's variables hold, each once. */
function variablePhones(variables) {
  const phones = new Set();
  for (const value of Object.values(variables ?? {})) for (const p of findPhones(String(value))) phones.add(p);
  return [...phones];
}

export class Clients {
  #store;
  constructor(store) {
    this.#store = store;
  }

  #rows(ids) {
    return Promise.all(ids.map((id) => this.#store.get(`client:${id}`))).then((rows) => rows.filter(Boolean));
  }

  /** The matcher's `findTelephonyClient`: Telephony clients with the phone. */
  async telephonyClients(phone) {
    const rows = await this.#rows((await this.#store.get(`tel:${phone}`)) ?? []);
    return rows.map(({ id, channel, phone: own }) => ({ id, channel, phone: own }));
  }

  /** The matcher's `findClientsByVariables`: one page of clients that may hold the phone. */
  async clientsByVariables(search, page) {
    const ids = (await this.#store.get(`var:7${search.national}`)) ?? [];
    const start = page * PAGE_ROWS;
    const rows = await this.#rows(ids.slice(start, start + PAGE_ROWS));
    return { rows: rows.map(({ id, channel, variables }) => ({ id, channel, variables })), more: ids.length > start + PAGE_ROWS };
  }

  get(id) {
    return this.#store.get(`client:${id}`);
  }

  /** A new client, given the next id, written with its index entries. */
  async create({ channel, phone, variables }) {
    const seq = ((await this.#store.get('seq')) ?? 0) + 1;
    await this.#store.put('seq', seq);
    const client = { id: `c${seq}`, channel, ...(phone ? { phone } : {}), variables, deal: {} };
    if (channel.toLowerCase() === 'telephony' && phone) await this.#add(`tel:${phone}`, client.id);
    for (const p of variablePhones(variables)) await this.#add(`var:${p}`, client.id);
    await this.save(client);
    return client;
  }

  /** Writes the client back (its deal and CRM state; variables are not changed here). */
  save(client) {
    return this.#store.put(`client:${client.id}`, client);
  }

  async #add(key, id) {
    const ids = (await this.#store.get(key)) ?? [];
    if (!ids.includes(id)) await this.#store.put(key, [...ids, id]);
  }

  /** The answer given to an earlier delivery of the same event, or null. */
  delivery(dedupKey) {
    return this.#store.get(`seen:${dedupKey}`);
  }

  recordDelivery(dedupKey, answer) {
    return this.#store.put(`seen:${dedupKey}`, answer);
  }
}
