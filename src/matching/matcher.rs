//! The step-by-step matcher, for hosts that keep their clients in a database. It does no
//! I/O: each step names the query the host runs, the host hands back the rows, and the
//! matcher checks them with the module's own phone rules, so that the host's query only
//! has to narrow the search, never to decide.
//!
//! The steps are those of the seed's scan: a Telephony client with the call's phone; else
//! the first client, in the host's order, any of whose variables holds the phone; else
//! [`create_decision`].

use super::client::Row;
use super::decision::{create_decision, ClientMatch, MatchDecision, Via};
use super::error::MatchingError;
use super::index::MAX_ID_BYTES;
use super::project::Project;
use super::rules::{is_telephony, phones_in};
use crate::phone::{Phone, Quoted};

/// The most rows one answer may hold; a host with more hands them over in pages.
pub const MAX_ROWS: usize = 10_000;

/// What the host can put in a database query to narrow the variables step. Each is a
/// necessary condition for a value that holds the phone in ASCII digits, so a query built
/// on any of them misses no client; the matcher then decides on the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableSearch {
    /// The 10 national digits, `9123456789`: every spelling of the phone holds them in a
    /// row once everything but the digits is taken out of the value.
    pub national: String,
    /// The last 7 digits, `3456789`, for an index kept on them.
    pub last7: String,
    /// A SQL `LIKE` pattern: the national digits in order, anything between them
    /// (`%9%1%2%3%4%5%6%7%8%9%`).
    pub like: String,
    /// A regular expression (POSIX ERE; JS and PCRE read it alike) tighter than `like`:
    /// the national digits with only non-digits between them (`9[^0-9]*1[^0-9]*2…`).
    pub regex: String,
}

impl VariableSearch {
    fn new(phone: Phone) -> VariableSearch {
        let digits = phone.digits();
        let national: String = digits.iter().skip(1).map(|&b| char::from(b)).collect();
        let last7 = national.chars().skip(3).collect();
        let mut like = String::from("%");
        let mut regex = String::new();
        for (i, c) in national.chars().enumerate() {
            like.push(c);
            like.push('%');
            if i > 0 {
                regex.push_str("[^0-9]*");
            }
            regex.push(c);
        }
        VariableSearch { national, last7, like, regex }
    }
}

/// The query the host runs next, or the decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchStep<'a> {
    /// Find the clients of the Telephony channel with this phone (canonical, as Telephony
    /// clients are stored), in the project's order.
    FindTelephonyClient { phone: Phone },
    /// Find the clients any of whose variables may hold this phone, in the project's
    /// order; `page` counts the answers given to this step so far.
    FindClientsByVariables { phone: Phone, page: u32, search: &'a VariableSearch },
    /// Nothing more to ask.
    Done(&'a MatchDecision),
}

#[derive(Debug, Clone)]
enum Stage {
    Telephony,
    Variables,
    Done(MatchDecision),
}

/// A call being matched to a client, one query at a time.
#[derive(Debug, Clone)]
pub struct ClientMatcher {
    phone: Phone,
    project: Project,
    search: VariableSearch,
    stage: Stage,
    page: u32,
    /// The current step has been handed to the host.
    asked: bool,
}

impl ClientMatcher {
    /// A matcher for a call from `phone` (any accepted spelling) in `project`.
    pub fn new(phone: &str, project: Project) -> Result<ClientMatcher, MatchingError> {
        let phone = Phone::parse(phone)?;
        project.validate()?;
        Ok(ClientMatcher {
            phone,
            project,
            search: VariableSearch::new(phone),
            stage: Stage::Telephony,
            page: 0,
            asked: false,
        })
    }

    /// The call's phone, canonical.
    pub fn phone(&self) -> Phone {
        self.phone
    }

    /// The query the host must run now (the same one again until it is answered).
    pub fn next_step(&mut self) -> MatchStep<'_> {
        self.asked = true;
        match &self.stage {
            Stage::Telephony => MatchStep::FindTelephonyClient { phone: self.phone },
            Stage::Variables => {
                MatchStep::FindClientsByVariables { phone: self.phone, page: self.page, search: &self.search }
            }
            Stage::Done(decision) => MatchStep::Done(decision),
        }
    }

    /// The decision, once made.
    pub fn decision(&self) -> Option<&MatchDecision> {
        match &self.stage {
            Stage::Done(decision) => Some(decision),
            _ => None,
        }
    }

    /// Takes the host's rows for the current step, in the host's order; `more` says that
    /// more rows follow in another answer. Gives the next step, as [`Self::next_step`] would.
    pub fn answer(&mut self, rows: &[Row], more: bool) -> Result<MatchStep<'_>, MatchingError> {
        let out_of_order =
            |reason, problem: &str| MatchingError::OutOfOrder { call: "answer", reason, problem: problem.into() };
        if matches!(self.stage, Stage::Done(_)) {
            return Err(out_of_order("finished", "the match is decided; there is nothing to answer"));
        }
        if !self.asked {
            return Err(out_of_order("not_asked", "no step was asked: call next() first"));
        }
        if rows.len() > MAX_ROWS {
            return Err(MatchingError::InvalidAnswer {
                field: "rows".into(),
                reason: "too_many_rows",
                problem: format!("{} rows, over the limit of {MAX_ROWS}: answer in pages", rows.len()),
            });
        }
        for (i, row) in rows.iter().enumerate() {
            check_id(i, &row.id)?;
        }
        let found = match self.stage {
            Stage::Telephony => self.telephony_row(rows),
            _ => self.variable_row(rows)?,
        };
        self.asked = false;
        if let Some(found) = found {
            self.stage = Stage::Done(MatchDecision::Existing(found));
        } else if more {
            self.page = self.page.saturating_add(1);
        } else if matches!(self.stage, Stage::Telephony) {
            self.stage = Stage::Variables;
            self.page = 0;
        } else {
            self.stage = Stage::Done(MatchDecision::Create(create_decision(self.phone, &self.project)));
        }
        Ok(self.next_step())
    }

    fn telephony_row(&self, rows: &[Row]) -> Option<ClientMatch> {
        rows.iter()
            .find(|row| {
                row.channel.as_deref().map_or(true, is_telephony)
                    && row.phone.as_deref().and_then(Phone::try_parse) == Some(self.phone)
            })
            .map(|row| ClientMatch { client_id: row.id.clone(), via: Via::Telephony })
    }

    fn variable_row(&self, rows: &[Row]) -> Result<Option<ClientMatch>, MatchingError> {
        for (i, row) in rows.iter().enumerate() {
            for (name, value) in &row.variables.0 {
                let phones = phones_in(value).map_err(|e| MatchingError::InvalidAnswer {
                    field: format!("rows[{i}].variables[{}]", Quoted::new(name)),
                    reason: "too_long",
                    problem: e.to_string(),
                })?;
                if phones.contains(&self.phone) {
                    return Ok(Some(ClientMatch { client_id: row.id.clone(), via: Via::Variable(name.clone()) }));
                }
            }
        }
        Ok(None)
    }
}

fn check_id(i: usize, id: &str) -> Result<(), MatchingError> {
    let problem = if id.is_empty() {
        "is empty".to_string()
    } else if id.len() > MAX_ID_BYTES {
        format!("{} bytes, over the limit of {MAX_ID_BYTES}", id.len())
    } else {
        return Ok(());
    };
    Err(MatchingError::InvalidAnswer { field: format!("rows[{i}].id"), reason: "invalid_id", problem })
}

/// The decision for a call from `phone` in `project` from the rows the host found for
/// both steps at once, in the project's order: `telephony`, the Telephony clients with the
/// phone; `variables`, the clients whose variables may hold it. The same
/// [`ClientMatcher`] decides, step by step, as if each step had been answered with its
/// rows in one page; the variables' rows are read only when no Telephony row holds the
/// phone.
pub fn decide(
    phone: &str,
    project: Project,
    telephony: &[Row],
    variables: &[Row],
) -> Result<MatchDecision, MatchingError> {
    let mut matcher = ClientMatcher::new(phone, project)?;
    for rows in [telephony, variables] {
        matcher.next_step();
        if let MatchStep::Done(decision) = matcher.answer(rows, false)? {
            return Ok(decision.clone());
        }
    }
    Err(MatchingError::OutOfOrder {
        call: "decide",
        reason: "not_asked",
        problem: "two answers did not decide the match".to_string(),
    })
}
