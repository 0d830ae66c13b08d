// A Worker that depends on @salebot/sipout, as a Salebot edge worker would: it imports the
// package by name and runs the JS API cases when asked.
//   POST /cases   body: the golden phone table  → the runCases report (JSON)
//   GET  /normalize?phone=…                      → { phone } or 422 { code, reason, message }
import * as api from '@salebot/sipout';
import { runCases } from './run-cases.mjs';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/cases' && request.method === 'POST') {
      return Response.json(runCases(api, await request.text()));
    }
    if (url.pathname === '/normalize') {
      try {
        return Response.json({ phone: api.normalizePhone(url.searchParams.get('phone') ?? '') });
      } catch (e) {
        const sipout = e instanceof api.SipoutError;
        return Response.json({ sipout, code: e.code, reason: e.reason, message: e.message }, { status: 422 });
      }
    }
    return new Response('not found\n', { status: 404 });
  },
};
