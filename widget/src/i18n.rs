//! The widget's own words (close, dismiss, "What's new", the unread wording, the step counter
//! and month names) in the languages it ships, picked with core's locale rules.
//!
//! One `|`-separated record per language keeps the table small in the wasm: the fields are
//! [`Label`]'s variants in order, then the date pattern, then twelve month names.

use whatsnew_core::locale;

/// A label's position in a record.
#[derive(Clone, Copy)]
pub enum Label {
    /// "What's new": the launcher and the feed's title.
    WhatsNew = 0,
    /// The close button.
    Close,
    /// The dismiss button (followed by the headline for screen readers).
    Dismiss,
    /// The empty feed.
    Empty,
    /// After the unread count: "3 unread".
    Unread,
    /// The step counter: "2 of 3". (This and the next three are for guides.)
    Of,
    /// Next step.
    Next,
    /// Previous step.
    Back,
    /// Skip the guide.
    Skip,
    /// The question under a card when `[events] helpful` is on.
    Helpful,
    /// Its answers.
    Yes,
    /// The other answer.
    No,
    /// What replaces them once answered.
    Thanks,
    /// A guide's last button.
    Done,
    /// After an unread count of one: "1 unread" ("1 non lue" where "unread" is plural).
    UnreadOne,
}

const DATE: usize = 15;
const MONTHS: usize = 16;

/// Languages with their records. `en` is first: the fallback.
const TABLE: [(&str, &str); 8] = [
    ("en", "What's new|Close|Dismiss|You're all caught up.|unread|of|Next|Back|Skip|Was this helpful?|Yes|No|Thanks!|Done|unread|0|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),
    ("fr", "Nouveautés|Fermer|Ignorer|Vous êtes à jour.|non lues|sur|Suivant|Retour|Passer|Cela vous a-t-il été utile ?|Oui|Non|Merci !|Terminé|non lue|1|janv.|févr.|mars|avr.|mai|juin|juil.|août|sept.|oct.|nov.|déc."),
    ("de", "Neuigkeiten|Schließen|Ausblenden|Sie sind auf dem neuesten Stand.|ungelesen|von|Weiter|Zurück|Überspringen|War das hilfreich?|Ja|Nein|Danke!|Fertig|ungelesen|3|Jan.|Feb.|März|Apr.|Mai|Juni|Juli|Aug.|Sept.|Okt.|Nov.|Dez."),
    ("es", "Novedades|Cerrar|Descartar|Estás al día.|sin leer|de|Siguiente|Atrás|Omitir|¿Te resultó útil?|Sí|No|¡Gracias!|Listo|sin leer|1|ene|feb|mar|abr|may|jun|jul|ago|sept|oct|nov|dic"),
    ("pt", "Novidades|Fechar|Dispensar|Você está em dia.|não lidas|de|Próximo|Voltar|Pular|Isto foi útil?|Sim|Não|Obrigado!|Concluir|não lida|1|jan.|fev.|mar.|abr.|mai.|jun.|jul.|ago.|set.|out.|nov.|dez."),
    ("ja", "新着情報|閉じる|非表示|すべて確認済みです。|件の未読|/|次へ|戻る|スキップ|役に立ちましたか？|はい|いいえ|ありがとうございます。|完了|件の未読|2|1|2|3|4|5|6|7|8|9|10|11|12"),
    ("ar", "ما الجديد|إغلاق|تجاهل|لقد اطلعت على كل شيء.|غير مقروءة|من|التالي|السابق|تخطٍّ|هل كان هذا مفيدًا؟|نعم|لا|شكرًا!|تم|غير مقروءة|1|يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"),
    ("he", "מה חדש|סגירה|הסתרה|אין עדכונים חדשים.|לא נקראו|מתוך|הבא|הקודם|דילוג|האם זה עזר?|כן|לא|תודה!|סיום|לא נקרא|1|ינו׳|פבר׳|מרץ|אפר׳|מאי|יוני|יולי|אוג׳|ספט׳|אוק׳|נוב׳|דצמ׳"),
];

/// The widget's words in one language.
#[derive(Clone, Copy)]
pub struct Labels {
    record: &'static str,
    /// The language's code (`en`, `fr`...), for `lang` attributes.
    pub lang: &'static str,
    /// Right to left?
    pub rtl: bool,
}

impl Labels {
    /// The best language for a user who prefers `wanted` (most preferred first); English
    /// when the widget speaks none of them.
    pub fn pick<S: AsRef<str>>(wanted: &[S]) -> Labels {
        let codes = TABLE.map(|(c, _)| c);
        let code = locale::pick(wanted, &codes).unwrap_or("en");
        let (lang, record) = TABLE
            .iter()
            .find(|(c, _)| *c == code)
            .copied()
            .unwrap_or(("en", ""));
        Labels {
            record,
            lang,
            rtl: locale::is_rtl(lang),
        }
    }

    fn field(&self, i: usize) -> &'static str {
        self.record.split('|').nth(i).unwrap_or("")
    }

    /// One label.
    pub fn get(&self, l: Label) -> &'static str {
        self.field(l as usize)
    }

    /// A date in this language's short form: "Nov 18, 2026", "18 nov. 2026", "18. Nov. 2026",
    /// "2026年11月18日". Formatted here rather than with `Intl.DateTimeFormat`, whose first use
    /// costs the page 13–18 ms.
    pub fn date(&self, d: whatsnew_core::Date) -> alloc::string::String {
        use crate::dom::{cat, itoa};
        let month = self.field(MONTHS + usize::from(d.month.saturating_sub(1)));
        let (day, year) = (itoa(i64::from(d.day)), itoa(i64::from(d.year)));
        match self.field(DATE) {
            "1" => cat(&[&day, " ", month, " ", &year]),
            "2" => cat(&[&year, "年", month, "月", &day, "日"]),
            "3" => cat(&[&day, ". ", month, " ", &year]),
            _ => cat(&[month, " ", &day, ", ", &year]),
        }
    }
}
