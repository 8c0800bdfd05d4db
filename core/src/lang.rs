//! The language the app speaks. The words themselves are the shell's (`src/i18n/`); the
//! core only knows which languages exist and how the default is chosen.

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Tr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Tr];

    /// The BCP 47 tag for `<html lang>`, `Intl` and the stored choice.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Tr => "tr",
        }
    }

    /// Its own name, as the Language select lists it (each in its own language).
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Tr => "Türkçe",
        }
    }

    /// A stored choice or a select's value.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The default before the user chooses: Turkish when the browser's first preferred
    /// language is Turkish (`tr`, `tr-TR`, `tr-CY`…), otherwise English. Only the first
    /// counts: someone who prefers English with Turkish second gets English.
    pub fn from_preferences<S: AsRef<str>>(preferred: &[S]) -> Lang {
        match preferred.first().map(|s| s.as_ref().to_ascii_lowercase()) {
            Some(tag) if tag == "tr" || tag.starts_with("tr-") || tag.starts_with("tr_") => {
                Lang::Tr
            }
            _ => Lang::En,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_preferred_language_decides() {
        for (prefs, want) in [
            (vec!["tr-TR", "en-US"], Lang::Tr),
            (vec!["tr"], Lang::Tr),
            (vec!["TR-cy"], Lang::Tr),
            (vec!["en-US", "tr-TR"], Lang::En),
            (vec!["de-DE"], Lang::En),
            (vec!["tra"], Lang::En),
            (vec![], Lang::En),
        ] {
            assert_eq!(Lang::from_preferences(&prefs), want, "{prefs:?}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::Tr.name(), "Türkçe");
    }
}
