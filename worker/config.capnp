# workerd config for the reference worker: dist/worker.js is worker/index.js bundled as
# wrangler bundles it (scripts/workerd.mjs bundleWorker), with the module's .wasm beside it.
# SIPOUT_SECRET and SIPOUT_SETTINGS come from workerd's environment; SIPOUT_KV is a KV
# namespace served by kv-service.js. The socket "http" is moved to a free port when started.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "kv", worker = .kv),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "dist/worker.js"),
    (name = "salebot_sipout_bg.wasm", wasm = embed "dist/salebot_sipout_bg.wasm"),
  ],
  bindings = [
    (name = "SIPOUT_SECRET", fromEnvironment = "SIPOUT_SECRET"),
    (name = "SIPOUT_SETTINGS", fromEnvironment = "SIPOUT_SETTINGS"),
    (name = "SIPOUT_KV", kvNamespace = "kv"),
  ],
  compatibilityDate = "2026-11-01",
);

const kv :Workerd.Worker = (
  modules = [ (name = "kv.js", esModule = embed "kv-service.js") ],
  compatibilityDate = "2026-11-01",
);
