//! The host's JSON arguments for matching (a project, a client, a step's rows), read with
//! the crate's own JSON reader. Unknown fields are passed over; a wrong type or a missing
//! field is an `invalid_argument` error naming its path (`clients[3].variables["note"]`).

use std::borrow::Cow;

use super::client::{Client, ClientRef, Row, Variables, VariablesRef};
use super::project::Project;
use crate::json::{self, Json, Surrogates};
use crate::phone::Quoted;
use crate::Error;

type Members<'a> = Vec<(Cow<'a, str>, Json<'a>)>;

fn invalid(field: String, problem: String) -> Error {
    Error::InvalidArgument { field, problem }
}

fn wrong(field: String, expected: &str, got: &Json<'_>) -> Error {
    invalid(field, format!("expected {expected}, got {}", got.kind()))
}

/// Reads `text` (what `JSON.stringify` made of the argument `field`) as an object. A lone
/// surrogate in it, from a JS string that is not valid Unicode, is refused.
fn object<'a>(text: &'a str, field: &str) -> Result<Members<'a>, Error> {
    // One pass for an object, the common case; another tells what else the text is.
    json::object_members(text, Surrogates::Refuse).or_else(|_| match json::read_value(text, Surrogates::Refuse) {
        Ok(value) => members(&value, field),
        Err(e) => Err(invalid(field.to_string(), format!("is not valid JSON: {e}"))),
    })
}

/// The members of an object value, read in full before.
fn members<'a>(value: &Json<'a>, field: &str) -> Result<Members<'a>, Error> {
    match value {
        Json::Object(raw) => {
            json::object_members(raw, Surrogates::Replace).map_err(|e| invalid(field.to_string(), e.to_string()))
        }
        other => Err(wrong(field.to_string(), "an object", other)),
    }
}

/// A string member: required ones must be there and not `null`; an optional one absent or
/// `null` is `None`.
fn string_ref<'m>(object: &'m Members<'_>, name: &str, field: &str, required: bool) -> Result<Option<&'m str>, Error> {
    match json::member(object, name) {
        Some(Json::Str(s)) => Ok(Some(s)),
        None if required => Err(invalid(format!("{field}.{name}"), "is required".to_string())),
        None | Some(Json::Null) if !required => Ok(None),
        Some(other) => Err(wrong(format!("{field}.{name}"), "a string", other)),
        None => Ok(None),
    }
}

fn string(object: &Members<'_>, name: &str, field: &str, required: bool) -> Result<Option<String>, Error> {
    Ok(string_ref(object, name, field, required)?.map(str::to_string))
}

/// `variables`: an object of string values, in order; none when absent. Gives the
/// members, every value a string.
fn variables<'a>(object: &Members<'a>, field: &str) -> Result<Members<'a>, Error> {
    let Some(value) = json::member(object, "variables") else { return Ok(Vec::new()) };
    let field = || format!("{field}.variables");
    let Json::Object(_) = value else { return Err(wrong(field(), "an object of string values", value)) };
    let pairs = members(value, "variables")?;
    match pairs.iter().find(|(_, value)| !matches!(value, Json::Str(_))) {
        Some((name, other)) => Err(wrong(format!("{}[{}]", field(), Quoted::new(name)), "a string", other)),
        None => Ok(pairs),
    }
}

/// The variables' names and values, borrowed.
fn pairs<'m>(variables: &'m Members<'_>) -> Vec<(&'m str, &'m str)> {
    let value = |v: &'m Json<'_>| match v {
        Json::Str(s) => &**s,
        _ => "",
    };
    variables.iter().map(|(name, v)| (&**name, value(v))).collect()
}

/// A list of strings; `None` when optional and absent or `null`.
fn strings(object: &Members<'_>, name: &str, field: &str, required: bool) -> Result<Option<Vec<String>>, Error> {
    let field = format!("{field}.{name}");
    let value = match json::member(object, name) {
        None | Some(Json::Null) if !required => return Ok(None),
        None => return Err(invalid(field, "is required".to_string())),
        Some(value) => value,
    };
    let Json::Array(raw) = value else { return Err(wrong(field, "an array of strings", value)) };
    let items = json::array_elements(raw, Surrogates::Replace).map_err(|e| invalid(field.clone(), e.to_string()))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Json::Str(s) => out.push(s.into_owned()),
            other => return Err(wrong(format!("{field}[{i}]"), "a string", &other)),
        }
    }
    Ok(Some(out))
}

impl Project {
    /// Reads a project from JSON text, `{ messengers: string[], priority?: string[] | null }`;
    /// `field` names the argument in errors.
    pub fn from_json(text: &str, field: &str) -> Result<Project, Error> {
        let object = object(text, field)?;
        Ok(Project {
            messengers: strings(&object, "messengers", field, true)?.unwrap_or_default(),
            priority: strings(&object, "priority", field, false)?,
        })
    }
}

impl Client {
    /// Reads a client from JSON text, `{ id, channel, phone?, variables? }`; `field` names
    /// the argument in errors.
    pub fn from_json(text: &str, field: &str) -> Result<Client, Error> {
        Client::with_json(text, field, |c| Client {
            id: c.id.to_string(),
            channel: c.channel.to_string(),
            phone: c.phone.map(str::to_string),
            variables: Variables(c.variables.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()),
        })
    }

    /// Reads a client from JSON text as [`Client::from_json`] does, and hands it to `use_client`
    /// borrowed from the text: nothing is copied but strings with escapes.
    pub fn with_json<R>(text: &str, field: &str, use_client: impl FnOnce(ClientRef<'_>) -> R) -> Result<R, Error> {
        let object = object(text, field)?;
        let id = string_ref(&object, "id", field, true)?.unwrap_or_default();
        let channel = string_ref(&object, "channel", field, true)?.unwrap_or_default();
        let phone = string_ref(&object, "phone", field, false)?;
        let variables = variables(&object, field)?;
        let pairs = pairs(&variables);
        Ok(use_client(ClientRef { id, channel, phone, variables: VariablesRef::Pairs(&pairs) }))
    }
}

impl Row {
    /// Reads the rows of an answer from JSON text, an array of `{ id, channel?, phone?,
    /// variables? }`; `field` names the argument in errors (`rows[2].id`).
    pub fn list_from_json(text: &str, field: &str) -> Result<Vec<Row>, Error> {
        // One pass for an array, the common case; another tells what else the text is.
        let items = json::array_elements(text, Surrogates::Refuse).map_err(|_| {
            match json::read_value(text, Surrogates::Refuse) {
                Ok(value) => wrong(field.to_string(), "an array of rows", &value),
                Err(e) => invalid(field.to_string(), format!("is not valid JSON: {e}")),
            }
        })?;
        let mut rows = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = format!("{field}[{i}]");
            let object = members(item, &at)?;
            rows.push(Row {
                id: string(&object, "id", &at, true)?.unwrap_or_default(),
                channel: string(&object, "channel", &at, false)?,
                phone: string(&object, "phone", &at, false)?,
                variables: Variables(
                    pairs(&variables(&object, &at)?).into_iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
                ),
            });
        }
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(e: Error) -> String {
        assert_eq!(e.code(), "invalid_argument");
        e.to_string()
    }

    #[test]
    fn reads_what_the_host_gives() {
        let c = Client::from_json(r#"{"id":"7","channel":"vk","phone":null,"variables":{"b":"2","a":"1"},"x":1}"#, "c");
        let c = c.unwrap();
        assert_eq!((c.id.as_str(), c.channel.as_str(), c.phone), ("7", "vk", None));
        assert_eq!(c.variables.0, [("b".to_string(), "2".to_string()), ("a".to_string(), "1".to_string())]);
        let p = Project::from_json(r#"{"messengers":["whatsapp"],"priority":null}"#, "project").unwrap();
        assert_eq!(p, Project::new(["whatsapp"]));
        let rows =
            Row::list_from_json(r#"[{"id":"1"},{"id":"2","channel":"telephony","phone":"89123456789"}]"#, "rows");
        let rows = rows.unwrap();
        assert_eq!((rows.len(), rows[1].phone.as_deref()), (2, Some("89123456789")));
    }

    #[test]
    fn errors_name_the_path() {
        let client = |text| message(Client::from_json(text, "clients[0]").unwrap_err());
        assert_eq!(
            client(r#"{"id":"8","channel":"vk","variables":{"n":5}}"#),
            r#"clients[0].variables["n"]: expected a string, got a number"#
        );
        assert_eq!(client(r#"{"id":"9"}"#), "clients[0].channel: is required");
        assert_eq!(client(r#"{"id":null,"channel":"vk"}"#), "clients[0].id: expected a string, got null");
        assert_eq!(
            client(r#"{"id":"1","channel":"vk","variables":null}"#),
            "clients[0].variables: expected an object of string values, got null"
        );
        assert_eq!(client("null"), "clients[0]: expected an object, got null");
        assert_eq!(
            client(r#"{"id":"\ud83d"}"#),
            "clients[0]: is not valid JSON: lone surrogate in a \\u escape at byte 7"
        );
        let project = |text| message(Project::from_json(text, "project").unwrap_err());
        assert_eq!(project(r#"{"messenger":[]}"#), "project.messengers: is required");
        assert_eq!(project(r#"{"messengers":["a",1]}"#), "project.messengers[1]: expected a string, got a number");
        let rows = |text| message(Row::list_from_json(text, "rows").unwrap_err());
        assert_eq!(rows(r#"[{"id":"1"},{"id":2}]"#), "rows[1].id: expected a string, got a number");
        assert_eq!(rows(r#"{}"#), "rows: expected an array of rows, got an object");
    }
}
