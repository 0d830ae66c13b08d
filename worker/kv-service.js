// A KV namespace for workerd on localhost: workerd turns the worker's SIPOUT_KV.get/put into
// HTTP requests to this service (GET/PUT/DELETE on the URL-encoded key), which keeps the
// values in memory for as long as workerd runs. On Cloudflare the namespace is the real KV.
const values = new Map();

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const key = decodeURIComponent(url.pathname.slice(1));
    switch (request.method) {
      case 'GET':
        if (!values.has(key)) return new Response(null, { status: 404 });
        return new Response(values.get(key));
      case 'PUT':
        values.set(key, new Uint8Array(await request.arrayBuffer()));
        return new Response(null, { status: 200 });
      case 'DELETE':
        values.delete(key);
        return new Response(null, { status: 200 });
      default:
        return new Response(null, { status: 405 });
    }
  },
};
