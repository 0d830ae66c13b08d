"""The C-ABI module (pkg-cabi/salebot_sipout_cabi.wasm, from scripts/build-cabi.sh) run
from Python with Wasmtime, as a block-builder backend would: it imports nothing, and the
golden cases of the JS tests (tests/fixtures/block-cases.json, the direct JS exports'
outcomes) give the same results through sipout_invoke.

Run with the project's virtualenv: `.venv/bin/python -m unittest discover -s tests/python`.
"""

import json
import struct
import unittest
from pathlib import Path

from wasmtime import Engine, Instance, Module, Store

ROOT = Path(__file__).resolve().parents[2]
WASM = ROOT / "pkg-cabi" / "salebot_sipout_cabi.wasm"
CASES = json.loads((ROOT / "tests" / "fixtures" / "block-cases.json").read_text(encoding="utf-8"))
PHONES = (ROOT / "tests" / "fixtures" / "phones.tsv").read_text(encoding="utf-8")


class Sipout:
    """The module's ABI, as a host drives it."""

    def __init__(self):
        self.engine = Engine()
        self.module = Module.from_file(self.engine, str(WASM))
        self.store = Store(self.engine)
        self.instance = Instance(self.store, self.module, [])
        exports = self.instance.exports(self.store)
        self.memory = exports["memory"]
        self.alloc = exports["sipout_alloc"]
        self.free = exports["sipout_free"]
        self.invoke_raw = exports["sipout_invoke"]
        self.manifest_raw = exports["sipout_manifest"]
        self.abi_version = exports["sipout_abi_version"]

    def put(self, data: bytes) -> tuple[int, int]:
        ptr = self.alloc(self.store, len(data))
        if data:
            self.memory.write(self.store, data, ptr)
        return ptr, len(data)

    def answer(self, ptr: int) -> dict:
        """Reads an answer, frees it, and gives its JSON."""
        (length,) = struct.unpack("<I", self.memory.read(self.store, ptr, ptr + 4))
        text = bytes(self.memory.read(self.store, ptr + 4, ptr + 4 + length)).decode("utf-8")
        self.free(self.store, ptr, 4 + length)
        return json.loads(text)

    def invoke_bytes(self, name: bytes, args: bytes) -> dict:
        name_ptr, name_len = self.put(name)
        args_ptr, args_len = self.put(args)
        try:
            return self.answer(self.invoke_raw(self.store, name_ptr, name_len, args_ptr, args_len))
        finally:
            self.free(self.store, name_ptr, name_len)
            self.free(self.store, args_ptr, args_len)

    def invoke(self, name: str, args) -> dict:
        return self.invoke_bytes(name.encode("utf-8"), json.dumps(args, ensure_ascii=False).encode("utf-8"))

    def manifest(self, locale: int) -> dict:
        return self.answer(self.manifest_raw(self.store, locale))


class CAbiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sipout = Sipout()

    def test_the_module_imports_nothing(self):
        self.assertEqual([f"{i.module}.{i.name}" for i in self.sipout.module.imports], [])
        names = {e.name for e in self.sipout.module.exports}
        for name in ["memory", "sipout_alloc", "sipout_free", "sipout_invoke", "sipout_manifest", "sipout_abi_version"]:
            self.assertIn(name, names)
        self.assertEqual(self.sipout.abi_version(self.sipout.store), 1)

    def test_golden_cases_give_what_the_js_exports_give(self):
        self.assertGreater(len(CASES), 100)
        for case in CASES:
            with self.subTest(action=case["action"], args=json.dumps(case["args"], ensure_ascii=False)[:120]):
                got = self.sipout.invoke(case["action"], case["args"])
                if "ok" in case:
                    self.assertEqual(got, {"ok": case["ok"]})
                    # The same keys in the same order as the JS exports give them.
                    self.assertEqual(json.dumps(got["ok"]), json.dumps(case["ok"]))
                else:
                    error = dict(got["error"])
                    self.assertEqual(error.pop("action"), case["action"])
                    self.assertEqual(error, case["error"])

    def test_golden_phone_table(self):
        rows = [line.rsplit("\t", 1) for line in PHONES.splitlines() if line and not line.startswith("#")]
        self.assertGreaterEqual(len(rows), 50)
        for text, want in rows:
            got = self.sipout.invoke("phone.normalize", {"input": text})
            if want:
                self.assertEqual(got, {"ok": want}, text)
            else:
                self.assertEqual(got["error"]["code"], "invalid_phone", text)

    def test_calls_that_do_not_fit_the_manifest(self):
        def error(name, args):
            got = self.sipout.invoke_bytes(name, args)
            self.assertEqual(set(got), {"error"})
            return got["error"]

        e = error(b"phone.normalise", b'{"input":"1"}')
        self.assertEqual((e["code"], e["reason"], e["action"]), ("invalid_block_call", "unknown_action", "phone.normalise"))
        e = error(b"phone.normalize", b"{}")
        self.assertEqual((e["reason"], e["action"], e["parameter"]), ("missing_parameter", "phone.normalize", "input"))
        self.assertEqual(e["message"], "phone.normalize: input: missing; expected a string")
        e = error(b"phone.normalize", b'{"input":"89123456789","inptu":1}')
        self.assertEqual((e["reason"], e["parameter"]), ("unknown_parameter", "inptu"))
        e = error(b"phone.normalize", b'{"input":89123456789}')
        self.assertEqual((e["reason"], e["parameter"]), ("wrong_type", "input"))
        self.assertEqual(e["message"], "phone.normalize: input: expected a string, got a number")
        e = error(b"phone.normalize", b'{"input":"1","input":"2"}')
        self.assertEqual((e["reason"], e["parameter"]), ("duplicate_parameter", "input"))
        e = error(b"notification.build", b'{"event":{},"locale":"de"}')
        self.assertEqual((e["reason"], e["parameter"]), ("invalid_value", "locale"))
        e = error(b"phone.normalize", b'["89123456789"]')
        self.assertEqual((e["reason"], e["action"]), ("not_object", "phone.normalize"))
        self.assertNotIn("parameter", e)
        e = error(b"phone.normalize", b'{"input":')
        self.assertEqual(e["reason"], "not_json")
        e = error(b"phone.normalize", b'{"input":"\xff"}')
        self.assertEqual(e["reason"], "not_utf8")
        e = error(b"\xffphone", b"{}")
        self.assertEqual(e["reason"], "unknown_action")
        e = error(b"", b"")
        self.assertEqual(e["reason"], "unknown_action")
        e = error(b"webhook.parse", json.dumps({"body": "x" * (5 << 20)}).encode())
        self.assertEqual(e["reason"], "too_large")

    def test_ranges_outside_the_memory_are_errors_not_traps(self):
        s = self.sipout
        size = s.memory.data_len(s.store)
        for args in [(size - 2, 10, 0, 0), (0xFFFFFFF0, 0x20, 0, 0), (0, 5, 0, 0)]:
            got = s.answer(s.invoke_raw(s.store, *args))
            self.assertEqual(got["error"]["code"], "invalid_argument")
            self.assertIn("name", got["error"]["message"])
        name_ptr, name_len = s.put(b"phone.normalize")
        got = s.answer(s.invoke_raw(s.store, name_ptr, name_len, size - 1, 2))
        self.assertEqual(got["error"]["message"], "args: the range is not inside the module's memory")
        s.free(s.store, name_ptr, name_len)
        self.assertEqual(s.alloc(s.store, 0xFFFFFFFF), 0)
        s.free(s.store, 0, 10)

    def test_manifest_in_both_languages(self):
        ru = self.sipout.manifest(0)["ok"]
        en = self.sipout.manifest(1)["ok"]
        names = [a["name"] for a in ru["actions"]]
        self.assertEqual(names, [a["name"] for a in en["actions"]])
        self.assertEqual(sorted(set(names)), sorted({c["action"] for c in CASES}))
        self.assertEqual([c["name"] for c in ru["callbacks"]],
                         ["telephony_call_success", "telephony_call_busy", "telephony_call_missed", "telephony_call_text"])
        self.assertNotEqual(ru["actions"][0]["title"], en["actions"][0]["title"])
        normalize = en["actions"][0]
        self.assertEqual(normalize["params"][0]["name"], "input")
        self.assertEqual(normalize["params"][0]["type"], "string")
        self.assertTrue(normalize["params"][0]["required"])
        e = self.sipout.manifest(2)["error"]
        self.assertEqual((e["code"], e["message"]), ("invalid_argument", "locale: 2: expected 0 (ru) or 1 (en)"))

    def test_memory_is_given_back(self):
        s = self.sipout
        for _ in range(50):
            s.invoke("webhook.parse", {"body": "x" * 100_000})
        size = s.memory.data_len(s.store)
        for _ in range(2000):
            s.invoke("phone.format", {"input": "8 912 345-67-89 доб. 12"})
            s.invoke("webhook.parse", {"body": "x" * 100_000})
        self.assertEqual(s.memory.data_len(s.store), size)


if __name__ == "__main__":
    unittest.main()
