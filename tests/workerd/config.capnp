# workerd config for the package test: the worker bundled as wrangler bundles it
# (dist/worker.js, made by tests/js/workerd.test.mjs) and the module's .wasm as a compiled
# WebAssembly module, as wrangler deploys them. The test moves the socket to a free port.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "dist/worker.js"),
    (name = "salebot_sipout_bg.wasm", wasm = embed "dist/salebot_sipout_bg.wasm"),
  ],
  compatibilityDate = "2026-11-01",
);
