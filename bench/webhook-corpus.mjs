// A deterministic corpus of SipOut webhooks as an edge worker receives them: calls in and
// out, each a `dial`, a `complete` and for some a `text`; JSON and form bodies; canonical
// keys, aliases and camelCase; statuses in several spellings; times as Unix seconds,
// milliseconds and ISO 8601; the deal's variables as the host would pass them; about one
// in a hundred webhooks invalid.
import { rng } from './corpus.mjs';

const CODES = ['912', '915', '916', '926', '903', '905', '985', '999', '977', '950', '495', '499', '812', '343'];
const LINES = ['74951234567', '78001234567', '74997654321', '78123334455', '79001112233'];
const NAMES = ['Анна Петрова', 'Иван', 'Мария "Маша" К.', 'Oleg <sales>', 'Татьяна & Co'];
const PHRASES = [
  'Здравствуйте, компания «Ромашка», меня зовут Анна.',
  'Добрый день! Я хотел уточнить статус заказа.',
  'Назовите, пожалуйста, номер заказа.',
  'Номер 48213, оформлял вчера вечером.',
  'Спасибо, вижу. Заказ собран и будет доставлен завтра с 10 до 14.',
  'А можно перенести на вечер? После 18 мне удобнее.',
  'Да, конечно, перенесу на 18–21. Что-то ещё?',
  'Скидка 5% ещё действует? Я видел <акцию> на сайте.',
  'Да, промокод "ОСЕНЬ" действует до конца месяца.',
  'Отлично, тогда всё. Спасибо & до свидания!',
  'Всего доброго, хорошего дня!',
];
const SUCCESS = ['Success', 'ANSWERED', 'answered', 'Success'];
const BUSY = ['Busy', 'BUSY'];
const MISSED = ['Missed', 'NO ANSWER', 'NOANSWER', 'cancel', 'failed'];

// Key spellings: canonical, the aliases of SPEC §2, camelCase.
const STYLES = [
  {
    id: 'call_id', action: 'call_action', direction: 'call_direction', phone: 'call_phone', did: 'call_did',
    extension: 'call_extension', status: 'call_status', total: 'call_total_duration_sec',
    talk: 'call_talk_duration_sec', record: 'call_record_link', time: 'call_time', text: 'call_text',
  },
  {
    id: 'id', action: 'event', direction: 'direction', phone: null, did: 'called_did', extension: 'extension',
    status: 'disposition', total: 'duration', talk: 'billsec', record: 'recording_url', time: 'timestamp',
    text: 'transcription',
  },
  {
    id: 'callId', action: 'action', direction: 'direction', phone: 'phone', did: 'did', extension: 'extension',
    status: 'status', total: 'totalDurationSec', talk: 'talkDurationSec', record: 'recordLink', time: 'time',
    text: 'text',
  },
];

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];

function spellPhone(r, d) {
  const n = d.slice(1);
  switch (Math.floor(r() * 5)) {
    case 0: return `+7 ${n.slice(0, 3)} ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`;
    case 1: return `8 (${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`;
    case 2: return `+7${n}`;
    case 3: return `8${n}`;
    default: return d;
  }
}

function spellTime(r, ms) {
  switch (Math.floor(r() * 4)) {
    case 0: return Math.floor(ms / 1000);
    case 1: return ms;
    case 2: return new Date(ms).toISOString().replace('.000Z', 'Z');
    default: {
      const local = new Date(ms + 3 * 3600_000).toISOString().slice(0, 19);
      return `${local}+03:00`;
    }
  }
}

function body(r, fields, json) {
  if (json) return { body: JSON.stringify(fields), contentType: r() < 0.8 ? 'application/json' : undefined };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) params.append(k, Array.isArray(v) ? v.map((p) => `${p.speaker}: ${p.text}`).join('\n') : String(v));
  const text = params.toString();
  const r2 = r();
  if (r2 < 0.6) return { body: text, contentType: 'application/x-www-form-urlencoded' };
  if (r2 < 0.8) return { body: `?${text}`, contentType: undefined };
  return { body: text, contentType: undefined };
}

/** `size` webhooks: `{ body, contentType, options }`. */
export function webhookCorpus(size, seed = 7) {
  const r = rng(seed);
  const out = [];
  let lastComplete = null;
  let t = Date.UTC(2024, 10, 26, 6, 0, 0);
  for (let call = 0; out.length < size; call++) {
    const style = pick(r, STYLES);
    const json = r() < 0.6;
    const direction = r() < 0.55 ? 'in' : 'out';
    const code = pick(r, CODES);
    let rest = '';
    while (code.length + rest.length < 10) rest += Math.floor(r() * 10);
    const client = `7${code}${rest}`;
    const did = direction === 'in' ? pick(r, LINES) : null;
    const extension = String(101 + Math.floor(r() * 20));
    const id = r() < 0.5 ? `${(1e9 + call * 7919).toString(36)}-${Math.floor(r() * 1e6)}` : 200000 + call;
    const locale = r() < 0.9 ? 'ru' : 'en';
    const employeeName = r() < 0.5 ? pick(r, NAMES) : undefined;
    t += Math.floor(r() * 600_000);

    const base = {};
    base[style.id] = id;
    base[style.direction] = direction;
    const phoneKey = style.phone ?? (direction === 'in' ? 'caller' : 'callee');
    base[phoneKey] = spellPhone(r, client);
    if (did) base[style.did] = did;
    base[style.extension] = json && r() < 0.5 ? Number(extension) : extension;

    const outcome = r();
    const status = outcome < 0.65 ? pick(r, SUCCESS) : outcome < 0.75 ? pick(r, BUSY) : pick(r, MISSED);
    const answered = outcome < 0.65;
    const ring = 3 + Math.floor(r() * 25);
    const talk = answered ? 5 + Math.floor(r() * 900) : 0;
    const options = (previous) => {
      const o = { locale };
      if (employeeName) o.employeeName = employeeName;
      if (previous) o.previous = previous;
      return o;
    };

    // dial
    const dial = { ...base, [style.action]: 'dial', [style.time]: spellTime(r, t) };
    out.push({ ...body(r, dial, json), options: options(r() < 0.7 ? lastComplete : null) });
    const dialVars = {
      call_action: 'dial', call_status: '', call_total_duration_sec: '', call_talk_duration_sec: '',
      call_record_link: '', call_did: did ?? '', call_id: String(id),
    };

    // complete
    const complete = { ...base, [style.action]: 'complete', [style.status]: status };
    const durationsAsNumbers = json && r() < 0.5;
    complete[style.total] = durationsAsNumbers ? ring + talk : String(ring + talk);
    complete[style.talk] = durationsAsNumbers ? talk : String(talk);
    if (answered && r() < 0.8) complete[style.record] = `https://records.sipout.net/r/${id}.mp3?key=${Math.floor(r() * 1e9).toString(16)}&ts=${t}`;
    complete[style.time] = spellTime(r, t + (ring + talk) * 1000);
    if (r() < 0.01) delete complete[phoneKey]; // invalid: no phone
    if (r() < 0.005) complete[style.talk] = 'n/a'; // invalid: unreadable duration
    if (out.length < size) out.push({ ...body(r, complete, json), options: options(dialVars) });
    lastComplete = { ...dialVars, call_action: 'complete' };

    // text, some minutes later
    if (answered && r() < 0.35 && out.length < size) {
      const lines = [];
      const n = 3 + Math.floor(r() * 10);
      for (let i = 0; i < n; i++) lines.push({ speaker: i % 2 ? 'Клиент' : 'Оператор', text: pick(r, PHRASES) });
      const text = { ...base, [style.action]: 'text', [style.time]: spellTime(r, t + (ring + talk + 120) * 1000) };
      text[style.text] = json && r() < 0.5 ? lines : lines.map((p) => `${p.speaker}: ${p.text}`).join('\n');
      out.push({ ...body(r, text, json), options: options(lastComplete) });
    }
  }
  return out;
}
