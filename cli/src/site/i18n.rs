//! The site's own words in each language it knows; English for the rest.

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
};

/// The words for `locale` (its language part), English when the site does not know it.
pub fn words(locale: &str) -> &'static Words {
    match locale.split(['-', '_']).next().unwrap_or("") {
        "fr" => &FR,
        _ => &EN,
    }
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
