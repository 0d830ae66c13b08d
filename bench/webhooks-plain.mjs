// The same work as the module's handleWebhook, in plain JavaScript, written the way a good
// JS engineer would: JSON.parse or URLSearchParams, a table of key aliases, a phone regex,
// Date for ISO times, template strings for the texts. It follows the module's rules
// (README, "Webhooks") closely enough to give equal results on the benchmark's corpus; it
// is a benchmark peer, not a second implementation to ship.

const FIELDS = {
  callId: ['call_id', 'id', 'call_uuid', 'uuid'],
  action: ['call_action', 'action', 'event'],
  direction: ['call_direction', 'direction'],
  phone: ['call_phone', 'phone', 'client_phone'],
  caller: ['caller', 'from'],
  callee: ['callee', 'to'],
  did: ['call_did', 'did', 'called_did'],
  extension: ['call_extension', 'extension'],
  status: ['call_status', 'status', 'disposition'],
  statusRaw: ['call_status_raw', 'status_raw'],
  total: ['call_total_duration_sec', 'total_duration_sec', 'duration'],
  talk: ['call_talk_duration_sec', 'talk_duration_sec', 'billsec'],
  record: ['call_record_link', 'record_link', 'record', 'recording_url'],
  time: ['call_time', 'time', 'timestamp'],
  text: ['call_text', 'text', 'transcription'],
};
const ALIASES = new Map();
for (const [field, keys] of Object.entries(FIELDS)) keys.forEach((k, rank) => ALIASES.set(k.replaceAll('_', ''), [field, rank]));

const ACTIONS = { dial: 'dial', start: 'dial', started: 'dial', ring: 'dial', ringing: 'dial', answer: 'dial', answered: 'dial', callstart: 'dial', complete: 'complete', completed: 'complete', end: 'complete', ended: 'complete', hangup: 'complete', finish: 'complete', finished: 'complete', callend: 'complete', text: 'text', transcription: 'text', transcript: 'text', calltext: 'text' };
const DIRECTIONS = { in: 'in', inbound: 'in', incoming: 'in', input: 'in', 'входящий': 'in', out: 'out', outbound: 'out', outgoing: 'out', output: 'out', 'исходящий': 'out' };
const STATUSES = { success: 'Success', successful: 'Success', answered: 'Success', answer: 'Success', ok: 'Success', completed: 'Success', 'успешно': 'Success', 'успешный': 'Success', 'отвечен': 'Success', busy: 'Busy', userbusy: 'Busy', linebusy: 'Busy', 'занято': 'Busy', missed: 'Missed', noanswer: 'Missed', notanswered: 'Missed', unanswered: 'Missed', cancel: 'Missed', canceled: 'Missed', cancelled: 'Missed', failed: 'Missed', fail: 'Missed', failure: 'Missed', congestion: 'Missed', chanunavail: 'Missed', unavailable: 'Missed', rejected: 'Missed', declined: 'Missed', timeout: 'Missed', 'пропущен': 'Missed', 'пропущенный': 'Missed', 'неотвечен': 'Missed' };

const fold = (s) => s.replace(/[\s_.-]/g, '').toLowerCase();
const fail = (reason, message) => Object.assign(new Error(message), { code: 'invalid_webhook', reason });

const PHONE = /^(?:\+?[78])?(\d{10})$/;
function phone(value, name) {
  const m = PHONE.exec(String(value).replace(/[\s().-]/g, ''));
  if (!m) throw fail('invalid_phone', `${name}: not a phone`);
  return `7${m[1]}`;
}

function duration(value, name) {
  const s = String(value).trim();
  let m;
  if (/^\d+$/.test(s)) return check(Number(s), name);
  if ((m = /^(\d+)[.,](\d+)$/.exec(s))) return check(Number(m[1]) + (m[2][0] >= '5' ? 1 : 0), name);
  if ((m = /^(?:(\d+):)?(\d+):([0-5]\d)$/.exec(s))) return check(Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]), name);
  throw fail('invalid_duration', `${name}: not a duration`);
}
function check(n, name) {
  if (n > 604800) throw fail('invalid_duration', `${name}: longer than a week`);
  return n;
}

function iso(ms, zoned) {
  const s = new Date(ms).toISOString();
  const trimmed = s.endsWith('.000Z') ? s.slice(0, -5) : s.slice(0, -1);
  return zoned ? `${trimmed}Z` : trimmed;
}
function time(value) {
  const s = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return iso(n < 1e11 ? Math.floor(n * 1000) : Math.floor(n), true);
  }
  const zoned = /(Z|[+-]\d\d(:?\d\d)?)$/i.test(s);
  const ms = Date.parse(zoned ? s : `${s}Z`);
  if (Number.isNaN(ms)) throw fail('invalid_time', 'time: not a time');
  return iso(ms, zoned);
}

const LINK = /^https?:\/\/[^\s/?#@:"<>\\`][^\s"<>\\`]*$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function phrasesToText(list) {
  return list
    .map((p) => {
      if (typeof p === 'string') return p.trim();
      const who = p.speaker ?? p.role ?? p.channel ?? p.name ?? p.who;
      const what = String(p.text ?? p.phrase ?? p.message).trim();
      return who ? `${String(who).trim()}: ${what}` : what;
    })
    .join('\n');
}

function readFields(body, contentType) {
  const text = (typeof body === 'string' ? body : new TextDecoder().decode(body)).trimStart();
  if (!text) throw fail('empty', 'body is empty');
  const fields = {};
  const ranks = {};
  const offer = (key, value) => {
    const hit = ALIASES.get(key.replace(/[-_]/g, '').toLowerCase());
    if (!hit || value === null || value === undefined || (typeof value === 'string' && !value.trim())) return;
    const [field, rank] = hit;
    if (!(field in ranks) || rank < ranks[field]) {
      fields[field] = value;
      ranks[field] = rank;
    }
  };
  const json = /json/i.test(contentType ?? '') || text[0] === '{' || text[0] === '[';
  if (json) {
    let obj;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      throw fail('not_json', `body is not JSON: ${e.message}`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw fail('not_object', 'body is JSON but not an object');
    for (const key in obj) {
      const v = obj[key];
      offer(key, Array.isArray(v) && ALIASES.get(key.replace(/[-_]/g, '').toLowerCase())?.[0] === 'text' ? phrasesToText(v) : v);
    }
  } else {
    for (const [key, value] of new URLSearchParams(text)) offer(key, value);
  }
  return fields;
}

const str = (v) => (v === undefined ? undefined : String(v).trim());

// 64-bit FNV-1a in four 16-bit limbs, over each part's UTF-8 and a 0xFF byte.
function dedupHash(parts) {
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  const byte = (b) => {
    h0 ^= b;
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  };
  for (const s of parts) {
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) byte(c);
      else if (c < 0x800) {
        byte(0xc0 | (c >> 6));
        byte(0x80 | (c & 63));
      } else {
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
          c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
          byte(0xf0 | (c >> 18));
          byte(0x80 | ((c >> 12) & 63));
        } else byte(0xe0 | (c >> 12));
        byte(0x80 | ((c >> 6) & 63));
        byte(0x80 | (c & 63));
      }
    }
    byte(0xff);
  }
  const hex = (n) => n.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

export function parseWebhookPlain(body, contentType) {
  const f = readFields(body, contentType);
  const callId = str(f.callId);
  if (!callId) throw fail('missing_field', 'call_id: missing');
  const action = ACTIONS[fold(str(f.action) ?? '')];
  if (!action) throw fail(f.action === undefined ? 'missing_field' : 'invalid_action', 'call_action');
  const direction = DIRECTIONS[fold(str(f.direction) ?? '')];
  if (!direction) throw fail(f.direction === undefined ? 'missing_field' : 'invalid_direction', 'call_direction');
  const clientSide = direction === 'in' ? f.caller : f.callee;
  const companySide = str(direction === 'in' ? f.callee : f.caller);
  if (f.phone === undefined && clientSide === undefined) throw fail('missing_field', 'call_phone: missing');
  const event = { callId, action, direction, phone: phone(str(f.phone ?? clientSide), 'call_phone') };
  if (f.did !== undefined) event.did = phone(str(f.did), 'call_did');
  else if (direction === 'in' && companySide && PHONE.test(companySide.replace(/[\s().-]/g, ''))) event.did = phone(companySide, 'callee');
  if (f.extension !== undefined) event.extension = str(f.extension);
  else if (companySide && /^\d{1,8}$/.test(companySide)) event.extension = companySide;
  const total = f.total === undefined ? undefined : duration(f.total, 'call_total_duration_sec');
  const talk = f.talk === undefined ? undefined : duration(f.talk, 'call_talk_duration_sec');
  if (action === 'complete') {
    if (f.status !== undefined) {
      const raw = str(f.status);
      event.status = STATUSES[fold(raw)];
      if (!event.status) throw fail('invalid_status', 'call_status');
      event.statusRaw = str(f.statusRaw) ?? raw;
    } else if (talk !== undefined) event.status = talk > 0 ? 'Success' : 'Missed';
    else throw fail('missing_field', 'call_status: missing');
  }
  if (total !== undefined) event.totalDurationSec = total;
  if (talk !== undefined) event.talkDurationSec = talk;
  if (f.record !== undefined) {
    const link = str(f.record);
    if (!LINK.test(link) || CONTROL.test(link)) throw fail('invalid_link', 'call_record_link');
    event.recordLink = link;
  }
  if (f.text !== undefined && str(f.text)) event.text = str(f.text);
  if (f.time !== undefined) event.time = time(f.time);
  const hash = dedupHash([
    callId, action, direction, event.phone, event.did ?? '', event.extension ?? '', event.status ?? '',
    total === undefined ? '' : String(total), talk === undefined ? '' : String(talk),
    event.recordLink ?? '', event.text ?? '', event.time ?? '',
  ]);
  event.dedupKey = `${action}:${callId}:${hash}`;
  return event;
}

const VARIABLES = ['call_action', 'call_status', 'call_total_duration_sec', 'call_talk_duration_sec', 'call_record_link', 'call_did', 'call_id'];
const STAGE = { dial: 1, complete: 2 };

export function dealVariablesPlain(event, previous = {}) {
  const prev = {};
  for (const k of VARIABLES) prev[k] = previous[k] === undefined || previous[k] === null ? '' : String(previous[k]);
  if (event.action === 'text') return prev;
  const fresh = {
    call_action: event.action,
    call_status: event.status ?? '',
    call_total_duration_sec: event.totalDurationSec === undefined ? '' : String(event.totalDurationSec),
    call_talk_duration_sec: event.talkDurationSec === undefined ? '' : String(event.talkDurationSec),
    call_record_link: event.recordLink ?? '',
    call_did: event.did ?? '',
    call_id: event.callId,
  };
  if (prev.call_id !== event.callId) return fresh;
  const [first, second] = STAGE[event.action] >= (STAGE[prev.call_action] ?? 0) ? [fresh, prev] : [prev, fresh];
  const out = {};
  for (const k of VARIABLES) out[k] = first[k] || second[k];
  return out;
}

const WORDS = {
  ru: { in: 'Входящий звонок', out: 'Исходящий звонок', dial: 'начало разговора', complete: 'окончание разговора', text: 'текст разговора', client: 'Клиент', line: 'Номер линии', employee: 'Сотрудник', ext: 'доб.', status: 'Статус', Success: 'успешный звонок', Busy: 'занято', Missed: 'пропущенный звонок', duration: 'Длительность', talk: 'Разговор', record: 'Запись', noText: 'Текст разговора пуст.', h: 'ч', m: 'мин', s: 'с' },
  en: { in: 'Inbound call', out: 'Outbound call', dial: 'conversation started', complete: 'conversation ended', text: 'conversation text', client: 'Client', line: 'Line number', employee: 'Employee', ext: 'ext.', status: 'Status', Success: 'successful', Busy: 'busy', Missed: 'missed', duration: 'Duration', talk: 'Talk time', record: 'Recording', noText: 'The conversation text is empty.', h: 'h', m: 'min', s: 's' },
};
const CALLBACKS = { Success: 'telephony_call_success', Busy: 'telephony_call_busy', Missed: 'telephony_call_missed' };

const human = (p) => `+7 ${p.slice(1, 4)} ${p.slice(4, 7)}-${p.slice(7, 9)}-${p.slice(9)}`;
const two = (n) => (n < 10 ? `0${n}` : `${n}`);
function humanDuration(sec, w) {
  const h = Math.floor(sec / 3600);
  const m = Math.floor(sec / 60) % 60;
  const s = sec % 60;
  if (h) return `${h} ${w.h} ${two(m)} ${w.m} ${two(s)} ${w.s}`;
  if (m) return `${m} ${w.m} ${two(s)} ${w.s}`;
  return `${s} ${w.s}`;
}

export function buildNotificationsPlain(event, options = {}) {
  const w = WORDS[options.locale ?? 'ru'];
  let text = `${w[event.direction]}: ${w[event.action]}\n${w.client}: ${human(event.phone)}`;
  if (event.did) text += `\n${w.line}: ${human(event.did)}`;
  const name = options.employeeName?.trim();
  if (name && event.extension) text += `\n${w.employee}: ${escapeHtml(name)} (${w.ext} ${escapeHtml(event.extension)})`;
  else if (name) text += `\n${w.employee}: ${escapeHtml(name)}`;
  else if (event.extension) text += `\n${w.employee}: ${w.ext} ${escapeHtml(event.extension)}`;
  if (event.action === 'complete') {
    if (event.status) text += `\n${w.status}: ${w[event.status]}`;
    if (event.totalDurationSec !== undefined) text += `\n${w.duration}: ${humanDuration(event.totalDurationSec, w)}`;
    if (event.talkDurationSec !== undefined) text += `\n${w.talk}: ${humanDuration(event.talkDurationSec, w)}`;
    if (event.recordLink) text += `\n${w.record}: ${escapeHtml(event.recordLink)}`;
  } else if (event.action === 'text') {
    text += `\n\n${event.text ? escapeHtml(event.text) : w.noText}`;
  }
  const { text: _t, statusRaw: _s, dedupKey: _d, ...data } = event;
  const out = [{ kind: 'telephony', text, data }];
  if (event.action === 'complete' && event.status) out.push({ kind: 'callback', text: CALLBACKS[event.status] });
  if (event.action === 'text') out.push({ kind: 'callback', text: 'telephony_call_text' });
  return out;
}

export function handleWebhookPlain(body, contentType, options = {}) {
  const event = parseWebhookPlain(body, contentType);
  return {
    event,
    variables: dealVariablesPlain(event, options.previous),
    notifications: buildNotificationsPlain(event, options),
  };
}
