//! The site's own words in each language it knows (the widget's: en, fr, de, es, pt, ja, ar,
//! he); English for the rest.

/// The site's interface text in one language.
pub struct Words {
    pub skip: &'static str,
    pub search: &'static str,
    pub search_hint: &'static str,
    pub all: &'static str,
    pub filter: &'static str,
    pub tagged: &'static str,
    pub language: &'static str,
    pub subscribe: &'static str,
    pub permalink: &'static str,
    pub back: &'static str,
    pub newer: &'static str,
    pub older: &'static str,
    pub more: &'static str,
    pub release: &'static str,
    pub tags: &'static str,
    pub changelog: &'static str,
    pub months: [&'static str; 12],
    /// "{n} of {total} updates" as the search reports it (read by site.js).
    pub found: &'static str,
    /// Between a label and what it labels: ": ", or " : " (with a no-break space) in French.
    pub colon: &'static str,
    /// A day as its readers write it: `{d}` the day, `{m}` the month's name, `{M}` its number,
    /// `{y}` the year.
    pub date: &'static str,
    /// A month's heading (a release per month), with the same fields as `date`.
    pub month_year: &'static str,
    /// The first day of a month in `date` ("1er" in French).
    pub day_one: &'static str,
    /// The site's title after a product's name: `{p}` the product, `{c}` the word `changelog`.
    pub product_title: &'static str,
}

const EN: Words = Words {
    skip: "Skip to the updates",
    search: "Search the updates",
    search_hint: "Type a word: the list narrows as you type.",
    all: "All",
    filter: "Filter by tag",
    tagged: "Tagged",
    language: "Language",
    subscribe: "Subscribe",
    permalink: "Permalink",
    back: "All updates",
    newer: "Newer",
    older: "Older",
    more: "More updates",
    release: "Release",
    tags: "Tags",
    changelog: "changelog",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    found: "{n} of {total} updates",
    colon: ": ",
    date: "{d} {m} {y}",
    month_year: "{m} {y}",
    day_one: "1",
    product_title: "{p} {c}",
};

const FR: Words = Words {
    skip: "Aller aux nouveautés",
    search: "Rechercher dans les nouveautés",
    search_hint: "Tapez un mot : la liste se réduit à mesure.",
    all: "Toutes",
    filter: "Filtrer par étiquette",
    tagged: "Étiquette",
    language: "Langue",
    subscribe: "S'abonner",
    permalink: "Lien permanent",
    back: "Toutes les nouveautés",
    newer: "Plus récente",
    older: "Plus ancienne",
    more: "Autres nouveautés",
    release: "Version",
    tags: "Étiquettes",
    changelog: "nouveautés",
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    found: "{n} sur {total} nouveautés",
    colon: "\u{a0}: ",
    date: "{d} {m} {y}",
    month_year: "{m} {y}",
    day_one: "1er",
    product_title: "{p}\u{a0}: {c}",
};

const DE: Words = Words {
    skip: "Zu den Neuerungen springen",
    search: "Neuerungen durchsuchen",
    search_hint: "Geben Sie ein Wort ein: Die Liste wird beim Tippen kürzer.",
    all: "Alle",
    filter: "Nach Schlagwort filtern",
    tagged: "Schlagwort",
    language: "Sprache",
    subscribe: "Abonnieren",
    permalink: "Permalink",
    back: "Alle Neuerungen",
    newer: "Neuer",
    older: "Älter",
    more: "Weitere Neuerungen",
    release: "Version",
    tags: "Schlagwörter",
    changelog: "Neuerungen",
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    found: "{n} von {total} Neuerungen",
    colon: ": ",
    date: "{d}. {m} {y}",
    month_year: "{m} {y}",
    day_one: "1",
    product_title: "{p}: {c}",
};

const ES: Words = Words {
    skip: "Ir a las novedades",
    search: "Buscar en las novedades",
    search_hint: "Escriba una palabra: la lista se reduce mientras escribe.",
    all: "Todas",
    filter: "Filtrar por etiqueta",
    tagged: "Etiqueta",
    language: "Idioma",
    subscribe: "Suscribirse",
    permalink: "Enlace permanente",
    back: "Todas las novedades",
    newer: "Más reciente",
    older: "Más antigua",
    more: "Más novedades",
    release: "Versión",
    tags: "Etiquetas",
    changelog: "novedades",
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    found: "{n} de {total} novedades",
    colon: ": ",
    date: "{d} de {m} de {y}",
    month_year: "{m} de {y}",
    day_one: "1",
    product_title: "{p}: {c}",
};

const PT: Words = Words {
    skip: "Ir para as novidades",
    search: "Pesquisar nas novidades",
    search_hint: "Digite uma palavra: a lista diminui enquanto você digita.",
    all: "Todas",
    filter: "Filtrar por etiqueta",
    tagged: "Etiqueta",
    language: "Idioma",
    subscribe: "Assinar",
    permalink: "Link permanente",
    back: "Todas as novidades",
    newer: "Mais recente",
    older: "Mais antiga",
    more: "Mais novidades",
    release: "Versão",
    tags: "Etiquetas",
    changelog: "novidades",
    months: [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    found: "{n} de {total} novidades",
    colon: ": ",
    date: "{d} de {m} de {y}",
    month_year: "{m} de {y}",
    day_one: "1",
    product_title: "{p}: {c}",
};

/// European Portuguese (pt-PT and the other regions but Brazil): its own verbs where Brazil's
/// read foreign ("Digite … enquanto você digita", "Assinar").
const PT_PT: Words = Words {
    search_hint: "Escreva uma palavra: a lista diminui à medida que escreve.",
    subscribe: "Subscrever",
    ..PT
};

const JA: Words = Words {
    skip: "新機能へ移動",
    search: "新機能を検索",
    search_hint: "語句を入力すると、一覧が絞り込まれます。",
    all: "すべて",
    filter: "タグで絞り込む",
    tagged: "タグ",
    language: "言語",
    subscribe: "購読",
    permalink: "固定リンク",
    back: "すべての新機能",
    newer: "新しい記事",
    older: "古い記事",
    more: "その他の新機能",
    release: "バージョン",
    tags: "タグ",
    changelog: "新機能",
    months: [
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    ],
    found: "{total} 件中 {n} 件",
    colon: "：",
    date: "{y}年{M}月{d}日",
    month_year: "{y}年{M}月",
    day_one: "1",
    product_title: "{p} の{c}",
};

const AR: Words = Words {
    skip: "انتقل إلى المستجدات",
    search: "ابحث في المستجدات",
    search_hint: "اكتب كلمة: تضيق القائمة أثناء الكتابة.",
    all: "الكل",
    filter: "التصفية حسب الوسم",
    tagged: "الوسم",
    language: "اللغة",
    subscribe: "اشترك",
    permalink: "رابط دائم",
    back: "كل المستجدات",
    newer: "الأحدث",
    older: "الأقدم",
    more: "مزيد من المستجدات",
    release: "الإصدار",
    tags: "الوسوم",
    changelog: "المستجدات",
    months: [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
    found: "{n} من {total} من المستجدات",
    colon: ": ",
    date: "{d} {m} {y}",
    month_year: "{m} {y}",
    day_one: "1",
    product_title: "مستجدات {p}",
};

const HE: Words = Words {
    skip: "דילוג לעדכונים",
    search: "חיפוש בעדכונים",
    search_hint: "הקלידו מילה: הרשימה מצטמצמת תוך כדי הקלדה.",
    all: "הכול",
    filter: "סינון לפי תגית",
    tagged: "תגית",
    language: "שפה",
    subscribe: "הרשמה",
    permalink: "קישור קבוע",
    back: "כל העדכונים",
    newer: "חדש יותר",
    older: "ישן יותר",
    more: "עדכונים נוספים",
    release: "גרסה",
    tags: "תגיות",
    changelog: "עדכונים",
    months: [
        "ינואר",
        "פברואר",
        "מרץ",
        "אפריל",
        "מאי",
        "יוני",
        "יולי",
        "אוגוסט",
        "ספטמבר",
        "אוקטובר",
        "נובמבר",
        "דצמבר",
    ],
    found: "{n} מתוך {total} עדכונים",
    colon: ": ",
    date: "{d} ב{m} {y}",
    month_year: "{m} {y}",
    day_one: "1",
    product_title: "עדכוני {p}",
};

/// The words for `locale` (its language part), English when the site does not know it.
pub fn words(locale: &str) -> &'static Words {
    own_words(locale).unwrap_or(&EN)
}

/// Whether the site has its own words in `locale`'s language (else they are English).
pub fn has_words(locale: &str) -> bool {
    own_words(locale).is_some()
}

fn own_words(locale: &str) -> Option<&'static Words> {
    Some(match locale.split(['-', '_']).next().unwrap_or("") {
        "en" => &EN,
        "fr" => &FR,
        "de" => &DE,
        "es" => &ES,
        "pt" if portugal(locale) => &PT_PT,
        "pt" => &PT,
        "ja" => &JA,
        "ar" => &AR,
        "he" | "iw" => &HE,
        _ => return None,
    })
}

/// Whether a Portuguese locale is Portugal's usage: a region other than Brazil (`pt-PT`,
/// `pt-AO`, `pt_MZ`); plain `pt` is Brazil's, the web's most common.
fn portugal(locale: &str) -> bool {
    locale
        .split(['-', '_'])
        .nth(1)
        .is_some_and(|r| r.len() == 2 && !r.eq_ignore_ascii_case("br"))
}

/// The language's own name, for the language menu.
pub fn native_name(locale: &str) -> &str {
    match locale.split(['-', '_']).next().unwrap_or("") {
        "en" => "English",
        "fr" => "Français",
        "de" => "Deutsch",
        "es" => "Español",
        "it" => "Italiano",
        "pt" => "Português",
        "nl" => "Nederlands",
        "ar" => "العربية",
        "he" => "עברית",
        "ja" => "日本語",
        "zh" => "中文",
        "ko" => "한국어",
        "ru" => "Русский",
        "pl" => "Polski",
        "tr" => "Türkçe",
        "sv" => "Svenska",
        "da" => "Dansk",
        "nb" | "no" => "Norsk",
        "fi" => "Suomi",
        "cs" => "Čeština",
        "uk" => "Українська",
        _ => locale,
    }
}

/// Whether the language is written right to left.
pub fn rtl(locale: &str) -> bool {
    matches!(
        locale.split(['-', '_']).next().unwrap_or(""),
        "ar" | "he" | "fa" | "ur"
    )
}
