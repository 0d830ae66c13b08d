//! The table of block actions: what each one is called, says, takes and gives, and the one
//! line that calls the core function the direct exports call.

use super::args::Args;
use super::manifest::{BlockAction, Param, ResultShape, Text, ValueType};
use super::result_json;
use crate::calling;
use crate::crm::{self, CrmSettings, CrmState};
use crate::deal::DealVariables;
use crate::matching::{self, Project, Row};
use crate::notification::{build_notifications, NotificationOptions};
use crate::phone::{self, ParsedPhone};
use crate::settings::validate_settings;
use crate::webhook::{self, Handled};
use crate::widget::callback_widget_request;
use crate::Error;

use super::manifest::text;

const fn required(name: &'static str, kind: ValueType, description: Text) -> Param {
    Param { name, kind, required: true, values: &[], description }
}

const fn optional(name: &'static str, kind: ValueType, description: Text) -> Param {
    Param { name, kind, required: false, values: &[], description }
}

const PHONE_INPUT: Param = required(
    "input",
    ValueType::String,
    text(
        "Телефон в любом написании: «8 (912) 345-67-89», «+7 912 345 67 89 доб. 12»",
        "A phone in any spelling: \"8 (912) 345-67-89\", \"+7 912 345 67 89 ext. 12\"",
    ),
);
const BODY: Param = required(
    "body",
    ValueType::String,
    text(
        "Тело запроса SipOut: JSON, форма или строка запроса",
        "The body of SipOut's request: JSON, a form or a query string",
    ),
);
const CONTENT_TYPE: Param = optional(
    "contentType",
    ValueType::String,
    text("Заголовок Content-Type запроса, если есть", "The request's Content-Type header, if any"),
);
const EVENT: Param = required(
    "event",
    ValueType::Object,
    text("Событие звонка, как его даёт webhook.parse", "A call event, as webhook.parse gives it"),
);
const PREVIOUS: Param = optional(
    "previous",
    ValueType::Object,
    text(
        "Переменные сделки клиента сейчас (call_action, call_status…)",
        "The client's deal variables now (call_action, call_status…)",
    ),
);
const LOCALE: Param = Param {
    name: "locale",
    kind: ValueType::String,
    required: false,
    values: &["ru", "en"],
    description: text("Язык текстов: ru (по умолчанию) или en", "The language of the texts: ru (the default) or en"),
};
const EMPLOYEE_NAME: Param = optional(
    "employeeName",
    ValueType::String,
    text("Имя сотрудника, который принял или совершил звонок", "The name of the employee who took or made the call"),
);

const EVENT_FIELDS: &[&str] = &[
    "callId",
    "action",
    "direction",
    "phone",
    "did",
    "extension",
    "status",
    "statusRaw",
    "totalDurationSec",
    "talkDurationSec",
    "recordLink",
    "text",
    "time",
    "dedupKey",
];
const EVENT_RESULT: Text = text(
    "Событие звонка: действие (dial, complete, text), направление, телефон клиента, статус, длительности, запись, dedupKey для отсева повторов",
    "The call event: action (dial, complete, text), direction, the client's phone, status, durations, recording, dedupKey to drop repeats",
);

/// Every action, in the order a builder lists them.
pub(crate) static ACTIONS: &[BlockAction] = &[
    BlockAction {
        name: "phone.normalize",
        title: text("Привести телефон к виду 7XXXXXXXXXX", "Normalise a phone"),
        description: text(
            "Телефон в любом написании в каноническом виде: 11 цифр, первая 7. Ошибка invalid_phone, если это не телефон",
            "A phone in any spelling in canonical form: 11 digits starting with 7. Error invalid_phone if it is not a phone",
        ),
        params: &[PHONE_INPUT],
        result: ResultShape {
            kind: ValueType::String,
            shape: "string",
            fields: &[],
            description: text("Телефон: «79123456789»", "The phone: \"79123456789\""),
        },
        run: |a| result_json(&phone::normalize(a.text("input")?)?),
    },
    BlockAction {
        name: "phone.parse",
        title: text("Разобрать телефон с добавочным", "Parse a phone with its extension"),
        description: text(
            "Канонический телефон и добавочный номер, если он указан («доб. 12», «ext. 12»)",
            "The canonical phone and the extension, if one is given (\"доб. 12\", \"ext. 12\")",
        ),
        params: &[PHONE_INPUT],
        result: ResultShape {
            kind: ValueType::Object,
            shape: "ParsedPhone",
            fields: &["phone", "extension"],
            description: text("phone: «79123456789»; extension: «12», если есть", "phone: \"79123456789\"; extension: \"12\" if there is one"),
        },
        run: |a| result_json(&ParsedPhone::parse(a.text("input")?)?),
    },
    BlockAction {
        name: "phone.find",
        title: text("Найти телефоны в тексте", "Find phones in text"),
        description: text(
            "Все телефоны в свободном тексте, например в переменной клиента «Иван, 8 912 345-67-89 или +7 495 123 45 67»",
            "Every phone in free text, such as a client variable \"Ivan, 8 912 345-67-89 or +7 495 123 45 67\"",
        ),
        params: &[required("text", ValueType::String, text("Текст", "The text"))],
        result: ResultShape {
            kind: ValueType::Array,
            shape: "string[]",
            fields: &[],
            description: text(
                "Телефоны в каноническом виде, каждый один раз, в порядке появления",
                "The phones in canonical form, each once, in order of appearance",
            ),
        },
        run: |a| result_json(&phone::find_phones(a.text("text")?)?.iter().map(ToString::to_string).collect::<Vec<_>>()),
    },
    BlockAction {
        name: "phone.format",
        title: text("Оформить телефон для людей", "Format a phone for people"),
        description: text(
            "Телефон в виде «+7 912 345-67-89», с «доб. 12», если есть добавочный",
            "A phone as \"+7 912 345-67-89\", with \"доб. 12\" if it has an extension",
        ),
        params: &[PHONE_INPUT],
        result: ResultShape {
            kind: ValueType::String,
            shape: "string",
            fields: &[],
            description: text("Телефон: «+7 912 345-67-89»", "The phone: \"+7 912 345-67-89\""),
        },
        run: |a| result_json(&phone::format(a.text("input")?)?),
    },
    BlockAction {
        name: "webhook.parse",
        title: text("Прочитать вебхук SipOut", "Read a SipOut webhook"),
        description: text(
            "Событие звонка из вебхука SipOut: начало разговора, окончание или текст разговора. Ошибка invalid_webhook с причиной и полем, если его не прочесть",
            "The call event of a SipOut webhook: conversation started, ended, or its text. Error invalid_webhook with the reason and the field if it cannot be read",
        ),
        params: &[BODY, CONTENT_TYPE],
        result: ResultShape { kind: ValueType::Object, shape: "CallEvent", fields: EVENT_FIELDS, description: EVENT_RESULT },
        run: |a| result_json(&webhook::parse(a.text("body")?.as_bytes(), a.optional_text("contentType"))?),
    },
    BlockAction {
        name: "webhook.handle",
        title: text("Обработать вебхук SipOut", "Handle a SipOut webhook"),
        description: text(
            "Вебхук целиком: событие звонка, переменные сделки после него и уведомления для отправки в чат клиента",
            "A whole webhook: the call event, the deal variables after it and the notifications to send to the client's chat",
        ),
        params: &[BODY, CONTENT_TYPE, PREVIOUS, LOCALE, EMPLOYEE_NAME],
        result: ResultShape {
            kind: ValueType::Object,
            shape: "HandledWebhook",
            fields: &["event", "variables", "notifications"],
            description: text(
                "event: событие звонка; variables: переменные сделки, их записать в сделку; notifications: уведомления",
                "event: the call event; variables: the deal variables, to write onto the deal; notifications: the notifications",
            ),
        },
        run: |a| {
            // The deal variables are read first, as handleWebhook reads its options first.
            let previous = previous(a)?;
            let event = webhook::parse(a.text("body")?.as_bytes(), a.optional_text("contentType"))?;
            result_json(&Handled::of(&event, &previous, &notification_options(a)))
        },
    },
    BlockAction {
        name: "deal.variables",
        title: text("Переменные сделки после звонка", "Deal variables after a call"),
        description: text(
            "Переменные звонка call_* для сделки клиента после события, поверх тех, что в ней есть: повторы и порядок событий не меняют итог",
            "The call_* variables of the client's deal after an event, merged onto those it holds: repeats and the order of events do not change the outcome",
        ),
        params: &[EVENT, PREVIOUS],
        result: ResultShape {
            kind: ValueType::Object,
            shape: "CallVariables",
            fields: &crate::deal::VARIABLE_NAMES,
            description: text(
                "Переменные строками, «» там, где значения нет; call_id — звонок, который они описывают",
                "The variables as strings, \"\" where there is no value; call_id is the call they describe",
            ),
        },
        run: |a| {
            let event = webhook::parse_event(a.raw("event")?)?;
            result_json(&previous(a)?.merge(&event))
        },
    },
    BlockAction {
        name: "notification.build",
        title: text("Уведомления о звонке", "Notifications of a call"),
        description: text(
            "Уведомление Телефонии с данными звонка и колбек (telephony_call_success, _busy, _missed, _text), на который может реагировать бот",
            "The Telephony notification with the call's data, and the callback (telephony_call_success, _busy, _missed, _text) the bot may react to",
        ),
        params: &[EVENT, LOCALE, EMPLOYEE_NAME],
        result: ResultShape {
            kind: ValueType::Array,
            shape: "Notification[]",
            fields: &["kind", "text", "data"],
            description: text(
                "kind: telephony (бот не реагирует) или callback; text: текст или имя колбека; data: данные звонка",
                "kind: telephony (the bot does not react) or callback; text: the text or the callback's name; data: the call's data",
            ),
        },
        run: |a| result_json(&build_notifications(&webhook::parse_event(a.raw("event")?)?, &notification_options(a))),
    },
    BlockAction {
        name: "matching.decide",
        title: text("Найти клиента звонка", "Match a call to a client"),
        description: text(
            "Решение по строкам, которые нашёл хост: клиент Телефонии с этим телефоном; иначе первый клиент проекта, в переменных которого есть телефон; иначе какого клиента создать (мессенджер по телефону, например WhatsApp, или клиент Телефонии)",
            "The decision from the rows the host found: a Telephony client with the phone; else the first client of the project whose variables hold it; else the client to create (a messenger reached by phone, such as WhatsApp, or a Telephony client)",
        ),
        params: &[
            required("phone", ValueType::String, text("Телефон звонка в любом написании", "The call's phone in any spelling")),
            required(
                "project",
                ValueType::Object,
                text(
                    "Проект: messengers — подключённые мессенджеры; priority — необязательный порядок мессенджеров по телефону",
                    "The project: messengers, those connected; priority, an optional order of the messengers reached by phone",
                ),
            ),
            optional(
                "telephonyRows",
                ValueType::Array,
                text(
                    "Клиенты Телефонии с этим телефоном: {id, channel?, phone}, в порядке проекта",
                    "The Telephony clients with the phone: {id, channel?, phone}, in the project's order",
                ),
            ),
            optional(
                "variableRows",
                ValueType::Array,
                text(
                    "Клиенты, в переменных которых может быть телефон: {id, variables}, в порядке проекта",
                    "The clients whose variables may hold the phone: {id, variables}, in the project's order",
                ),
            ),
        ],
        result: ResultShape {
            kind: ValueType::Object,
            shape: "MatchDecision",
            fields: &["kind", "clientId", "via", "variable", "channel", "phone", "canMessage"],
            description: text(
                "kind: existing (clientId, via: telephony или variable с именем переменной) или create (channel, phone, canMessage)",
                "kind: existing (clientId, via: telephony, or variable with the variable's name) or create (channel, phone, canMessage)",
            ),
        },
        run: |a| {
            let project = Project::from_json(a.raw("project")?, "project")?;
            let telephony: Vec<Row> =
                a.optional_raw("telephonyRows").map_or(Ok(Vec::new()), |r| Row::list_from_json(r, "telephonyRows"))?;
            let variables: Vec<Row> =
                a.optional_raw("variableRows").map_or(Ok(Vec::new()), |r| Row::list_from_json(r, "variableRows"))?;
            result_json(&matching::decide(a.text("phone")?, project, &telephony, &variables)?)
        },
    },
    BlockAction {
        name: "calling.phone_action",
        title: text("Звонок клиенту от сотрудника", "Call a client as an employee"),
        description: text(
            "Что делает иконка телефона у номера для сотрудника, по его режиму звонков: ничего (звонки отключены), ссылка tel: для приложения или запрос к API SipOut, который сначала звонит сотруднику, потом клиенту",
            "What the phone icon beside a number does for an employee, by their calling mode: nothing (calls disabled), a tel: link for the app, or the request to SipOut's API, which rings the employee first, then the client",
        ),
        params: &[
            required(
                "settings",
                ValueType::Object,
                text("Настройки SipOut проекта: apiKey, employees, click2call", "The project's SipOut settings: apiKey, employees, click2call"),
            ),
            required("employeeId", ValueType::String, text("Id сотрудника в Salebot", "Salebot's id of the employee")),
            required("phone", ValueType::String, text("Телефон клиента в любом написании", "The client's phone in any spelling")),
        ],
        result: ResultShape {
            kind: ValueType::Object,
            shape: "PhoneAction",
            fields: &["kind", "href", "request"],
            description: text(
                "kind: hidden, link (href) или request (request: method, url, headers, body; в заголовке Authorization — API-ключ, для отправки, не для журналов)",
                "kind: hidden, link (href) or request (request: method, url, headers, body; the Authorization header holds the API key, for sending, not for logs)",
            ),
        },
        run: |a| {
            let settings = validate_settings(a.raw("settings")?)?;
            result_json(&calling::phone_action(&settings, a.text("employeeId")?, a.text("phone")?)?.revealed())
        },
    },
    BlockAction {
        name: "widget.callback_request",
        title: text("Заказать обратный звонок", "Order a callback"),
        description: text(
            "GET-запрос к виджету Click2Call SipOut: телефон клиента вместо <номер телефона> в API-url. SipOut звонит сначала клиенту, потом менеджеру",
            "The GET request to SipOut's Click2Call widget: the client's phone in place of <номер телефона> in the API-url. SipOut calls the client first, then the manager",
        ),
        params: &[
            required(
                "apiUrl",
                ValueType::String,
                text("API-url виджета из раздела Click2Call SipOut", "The widget's API-url from SipOut's Click2Call section"),
            ),
            required("phone", ValueType::String, text("Телефон клиента в любом написании", "The client's phone in any spelling")),
        ],
        result: ResultShape {
            kind: ValueType::Object,
            shape: "WidgetRequest",
            fields: &["method", "url"],
            description: text("method: GET; url: адрес запроса", "method: GET; url: the request's URL"),
        },
        run: |a| result_json(&callback_widget_request(a.text("apiUrl")?, a.text("phone")?)?),
    },
    BlockAction {
        name: "crm.requests",
        title: text("Отправить уведомления в CRM", "Forward notifications to the CRMs"),
        description: text(
            "HTTP-запросы, которые пересылают уведомления Телефонии о событии звонка в amoCRM и Bitrix24, если в их интеграции включена отправка уведомлений о действиях пользователя",
            "The HTTP requests that forward a call event's Telephony notifications to amoCRM and Bitrix24, where their integration sends notifications about user actions",
        ),
        params: &[
            EVENT,
            required(
                "notifications",
                ValueType::Array,
                text("Уведомления события, как их даёт notification.build", "The event's notifications, as notification.build gives them"),
            ),
            required(
                "crm",
                ValueType::Object,
                text("Настройки интеграций проекта: amocrm, bitrix24", "The project's CRM integrations: amocrm, bitrix24"),
            ),
            optional(
                "state",
                ValueType::Object,
                text(
                    "Что хост сохранил для этого звонка из ответа Bitrix24 (bitrixCallId, bitrixEntity)",
                    "What the host kept for this call from Bitrix24's answer (bitrixCallId, bitrixEntity)",
                ),
            ),
        ],
        result: ResultShape {
            kind: ValueType::Array,
            shape: "HttpRequest[]",
            fields: &["target", "kind", "method", "url", "headers", "body", "idempotencyKey"],
            description: text(
                "Запросы в порядке отправки; в них токены CRM — для отправки, не для журналов",
                "The requests in the order to send them; they hold the CRMs' tokens, for sending, not for logs",
            ),
        },
        run: |a| {
            let event = webhook::parse_event(a.raw("event")?)?;
            let notifications = crm::read_notifications(a.raw("notifications")?)?;
            let settings = CrmSettings::from_json(a.raw("crm")?)?;
            let state = a.optional_raw("state").map_or(Ok(CrmState::default()), CrmState::from_json)?;
            result_json(&crm::crm_requests(&event, &notifications, &settings, &state)?)
        },
    },
];

/// The deal variables given as `previous`, none when absent.
fn previous(a: &Args<'_>) -> Result<DealVariables, Error> {
    a.optional_raw("previous").map_or_else(|| Ok(DealVariables::default()), DealVariables::read_previous)
}

fn notification_options(a: &Args<'_>) -> NotificationOptions {
    NotificationOptions {
        locale: a.locale("locale"),
        employee_name: a.optional_text("employeeName").map(str::to_string),
    }
}
