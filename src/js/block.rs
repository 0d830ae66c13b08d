//! Block builders for JS: `runBlockAction`, and the locale check of `blockActions` and
//! `blockCallbacks`.
//!
//! The manifest and the dispatcher are the core's ([`crate::block`]): the arguments
//! object crosses as one `JSON.stringify`, the result as one JSON text for `JSON.parse`.
//! The manifest itself is static: the package carries it as data (`manifest.js`, written
//! at build time from the core's table), so its texts need not be in this module.

use wasm_bindgen::prelude::*;

use super::{invalid_argument, js_error, json_or_size, json_parse, string_arg, type_name, MAX_OBJECT_JSON_UNITS};
use crate::block;
use crate::notification::Locale;

#[wasm_bindgen(typescript_custom_section)]
const TS_BLOCK: &'static str = r#"
/** The stable names of the block actions. */
export type BlockActionName =
  | "phone.normalize"
  | "phone.parse"
  | "phone.find"
  | "phone.format"
  | "webhook.parse"
  | "webhook.handle"
  | "deal.variables"
  | "notification.build"
  | "matching.decide"
  | "calling.phone_action"
  | "widget.callback_request"
  | "crm.requests";

/** The JSON type of a parameter or a result. */
export type BlockValueType = "string" | "object" | "array";

/** A parameter of a block action: a key of its arguments object. */
export interface BlockParam {
  /** camelCase, as the direct export names the argument. */
  name: string;
  type: BlockValueType;
  /** An optional parameter given as null is absent. */
  required: boolean;
  description: string;
  /** The only values it takes, when it has such a list (as "ru", "en"). */
  values?: string[];
}

/** The shape of a block action's result. */
export interface BlockResult {
  type: BlockValueType;
  /** Its TypeScript type among these declarations, such as "CallEvent" or "string[]". */
  shape: string;
  /** The keys of the result object, or of each element of an array of objects. */
  fields?: string[];
  description: string;
}

/** An action a block may call, with its texts in the language asked for. */
export interface BlockAction {
  name: BlockActionName;
  title: string;
  description: string;
  params: BlockParam[];
  result: BlockResult;
}

/** The callbacks a bot can react to. */
export type BlockCallbackName =
  | "telephony_call_success"
  | "telephony_call_busy"
  | "telephony_call_missed"
  | "telephony_call_text";

/** A callback, for a builder's condition picker. */
export interface BlockCallback {
  name: BlockCallbackName;
  title: string;
  description: string;
}

/** The arguments of each block action. */
export interface BlockActionArgs {
  "phone.normalize": { input: string };
  "phone.parse": { input: string };
  "phone.find": { text: string };
  "phone.format": { input: string };
  "webhook.parse": { body: string; contentType?: string | null };
  "webhook.handle": {
    body: string;
    contentType?: string | null;
    previous?: Record<string, string> | null;
    locale?: "ru" | "en" | null;
    employeeName?: string | null;
  };
  "deal.variables": { event: CallEvent; previous?: Record<string, string> | null };
  "notification.build": { event: CallEvent; locale?: "ru" | "en" | null; employeeName?: string | null };
  "matching.decide": {
    phone: string;
    project: MatchProject;
    telephonyRows?: MatchRow[] | null;
    variableRows?: MatchRow[] | null;
  };
  "calling.phone_action": { settings: SettingsInput; employeeId: string; phone: string };
  "widget.callback_request": { apiUrl: string; phone: string };
  "crm.requests": { event: CallEvent; notifications: Notification[]; crm: CrmSettings; state?: CrmState | null };
}

/** The result of each block action. */
export interface BlockActionResults {
  "phone.normalize": string;
  "phone.parse": ParsedPhone;
  "phone.find": string[];
  "phone.format": string;
  "webhook.parse": CallEvent;
  "webhook.handle": HandledWebhook;
  "deal.variables": CallVariables;
  "notification.build": Notification[];
  "matching.decide": MatchDecision;
  "calling.phone_action": PhoneAction;
  "widget.callback_request": WidgetRequest;
  "crm.requests": HttpRequest[];
}

/** The actions a block may call, with their texts in `locale` (Russian by default). */
export function blockActions(locale?: "ru" | "en"): BlockAction[];
/** The callbacks a bot can react to, with their texts in `locale` (Russian by default). */
export function blockCallbacks(locale?: "ru" | "en"): BlockCallback[];

/** The reasons of the `invalid_block_call` errors. */
export type BlockErrorReason =
  | "unknown_action" | "not_json" | "not_object" | "too_large" | "missing_parameter"
  | "unknown_parameter" | "duplicate_parameter" | "wrong_type" | "invalid_value";

/**
 * Calls a block action by name: checks `args` against the manifest, then calls the same
 * core function as the direct export, and gives what it gives. Throws `invalid_block_call`
 * naming the action and the parameter when the call does not fit the manifest, and the
 * action's own errors otherwise.
 */
export function runBlockAction<N extends BlockActionName>(name: N, args: BlockActionArgs[N]): BlockActionResults[N];
/**
 * Calls a block action named at run time, as a builder does from the manifest; a name
 * known to the types takes the overload above, with its arguments checked.
 */
export function runBlockAction<S extends string>(
  name: S & (S extends BlockActionName ? never : unknown),
  args: { readonly [key: string]: unknown },
): unknown;
"#;

fn locale_arg(value: &JsValue) -> Result<Locale, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Locale::default());
    }
    let text = value
        .as_string()
        .ok_or_else(|| invalid_argument("locale", format!("expected \"ru\" or \"en\", got {}", type_name(value))))?;
    Locale::read(&text).map_err(|problem| invalid_argument("locale", problem))
}

/// The locale a `blockActions` or `blockCallbacks` call asks for: 0 for Russian (also when
/// none is given), 1 for English; the package's entry picks the manifest's texts by it.
#[wasm_bindgen(js_name = __localeOf, skip_typescript)]
pub fn locale_of(locale: JsValue) -> Result<u32, JsValue> {
    Ok(match locale_arg(&locale)? {
        Locale::Ru => 0,
        Locale::En => 1,
    })
}

/// Calls a block action by name; declared with its types in `TS_BLOCK`.
#[wasm_bindgen(js_name = runBlockAction, skip_typescript)]
pub fn run_block_action(name: JsValue, args: JsValue) -> Result<JsValue, JsValue> {
    let name = string_arg(&name, "name")?;
    let text = match json_or_size(&args) {
        Ok(text) => text,
        Err(Some(units)) => {
            let problem = format!("{units} characters of JSON, over the limit of {MAX_OBJECT_JSON_UNITS}");
            return Err(js_error(block::arguments_error(&name, "too_large", problem)));
        }
        Err(None) => {
            let error = if args.is_object() {
                block::arguments_error(&name, "not_json", "not representable as JSON (a BigInt, a cycle?)".into())
            } else {
                block::arguments_error(&name, "not_object", format!("expected a JSON object, got {}", type_name(&args)))
            };
            return Err(js_error(error));
        }
    };
    let json = block::run_block_action(&name, &text).map_err(js_error)?;
    Ok(json_parse(&json))
}
