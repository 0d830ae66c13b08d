// Sample inputs that several JS test files share: one SipOut webhook, an API key, a
// project's settings and the callback widget's URL. Node only (the cases modules run in
// Node; those loaded in browsers and workerd import nothing).

/** A SipOut API key, as a project stores it. */
export const KEY = 'sk_live_9fA3kQ2mZx7LpW4tR8';

/** A `complete` webhook of an answered inbound call, as JSON text. */
export const COMPLETE = JSON.stringify({
  call_id: 'sip-42',
  event: 'complete',
  direction: 'in',
  caller: '8 (912) 345-67-89',
  called_did: '+7 495 123-45-67',
  extension: 101,
  disposition: 'ANSWERED',
  duration: '65',
  billsec: 58,
  recording_url: 'https://rec.sipout.net/r/sip-42.mp3?k=1&t=2',
  timestamp: 1732633200,
});

/** Settings with three employees (SipOut API, the app, calls disabled); a fresh object each call. */
export function sampleSettings() {
  return {
    apiKey: KEY,
    employees: [
      { id: 1, name: 'Анна', callMode: 'sipout_api', extension: '101' },
      { id: '2', name: 'Борис', callMode: 'app', extension: '102' },
      { id: '3', callMode: 'disabled' },
    ],
    messengers: ['WhatsApp'],
  };
}

/** The Click2Call widget's URL as SipOut shows it, with its placeholder. */
export const WIDGET = 'https://sipout.net/api/widget/c2c/5f2b9e?phone=<номер телефона>';

/** The placeholder `<номер телефона>` percent-encoded, as a browser may copy it. */
export const ENCODED = '%3C%D0%BD%D0%BE%D0%BC%D0%B5%D1%80%20%D1%82%D0%B5%D0%BB%D0%B5%D1%84%D0%BE%D0%BD%D0%B0%3E';
