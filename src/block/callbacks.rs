//! The callbacks a bot can react to, for a builder's condition picker: the texts of the
//! ordinary notifications that come with the Telephony ones (SPEC §4).

use super::manifest::{text, BlockCallback};
use crate::notification::{CALLBACK_BUSY, CALLBACK_MISSED, CALLBACK_SUCCESS, CALLBACK_TEXT};

/// The four callbacks.
pub(crate) static CALLBACKS: [BlockCallback; 4] = [
    BlockCallback {
        name: CALLBACK_SUCCESS,
        title: text("Успешный звонок", "Call answered"),
        description: text("Звонок завершён, разговор состоялся (статус Success). Переменные сделки call_* уже записаны: длительность, ссылка на запись", "The call ended after a conversation (status Success). The deal's call_* variables are written: durations, the recording link"),
    },
    BlockCallback {
        name: CALLBACK_BUSY,
        title: text("Занято", "Line busy"),
        description: text("Звонок завершён: линия была занята (статус Busy). Переменные сделки call_* уже записаны", "The call ended on a busy line (status Busy). The deal's call_* variables are written"),
    },
    BlockCallback {
        name: CALLBACK_MISSED,
        title: text("Пропущенный звонок", "Missed call"),
        description: text("Звонок завершён без ответа: не ответили, сбросили или вызов не прошёл (статус Missed). Переменные сделки call_* уже записаны", "The call ended unanswered: no answer, cancelled or failed (status Missed). The deal's call_* variables are written"),
    },
    BlockCallback {
        name: CALLBACK_TEXT,
        title: text("Текст разговора", "Conversation text"),
        description: text("Пришёл текст разговора от речевой аналитики SipOut, через пару минут после окончания звонка; сам текст — в уведомлении Телефонии", "SipOut's speech analytics delivered the conversation text, a few minutes after the call ended; the text is in the Telephony notification"),
    },
];
