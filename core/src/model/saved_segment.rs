//! Saved segments: named queries (see `crate::segment`) the user returns to. Stored as one
//! setting (a JSON list under [`SavedSegments::KEY`]), so they travel with backups.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSegment {
    pub name: String,
    pub query: String,
}

/// Why a segment was not saved; the UI says it in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveRefusal {
    NoName,
    NoQuery,
    NameTooLong { max: usize },
}

/// The longest segment name, in characters (the name field's `maxlength` too).
pub const MAX_NAME_CHARS: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SavedSegments(pub Vec<SavedSegment>);

impl SavedSegments {
    pub const KEY: &'static str = "segments";

    /// Reads the stored list; an unreadable one reads as empty (the setting is rewritten
    /// on the next save).
    pub fn from_json(s: &str) -> Self {
        serde_json::from_str(s).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "[]".into())
    }

    /// Adds a segment, or replaces the query of the one with the same name (ignoring case
    /// and diacritics). Kept in Turkish alphabetical order.
    pub fn save(&self, name: &str, query: &str) -> Result<SavedSegments, SaveRefusal> {
        let name = name.trim();
        let query = query.trim();
        if name.is_empty() {
            return Err(SaveRefusal::NoName);
        }
        if query.is_empty() {
            return Err(SaveRefusal::NoQuery);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(SaveRefusal::NameTooLong {
                max: MAX_NAME_CHARS,
            });
        }
        let folded = crate::text::fold(name);
        let mut list: Vec<SavedSegment> = self
            .0
            .iter()
            .filter(|s| crate::text::fold(&s.name) != folded)
            .cloned()
            .collect();
        list.push(SavedSegment {
            name: name.to_string(),
            query: query.to_string(),
        });
        crate::sort::by_cached_key(&mut list, |s| crate::text::collation_key(&s.name));
        Ok(SavedSegments(list))
    }

    /// The list without the segment named `name`.
    pub fn remove(&self, name: &str) -> SavedSegments {
        SavedSegments(self.0.iter().filter(|s| s.name != name).cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_adds_replaces_by_folded_name_and_sorts() {
        let s = SavedSegments::default()
            .save("Şirketler", "kind:organisation")
            .unwrap()
            .save(" VIP İstanbul ", "tag:vip city:istanbul")
            .unwrap()
            .save("Cafe", "tag:cafe")
            .unwrap();
        let names: Vec<&str> = s.0.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["Cafe", "Şirketler", "VIP İstanbul"]);
        let s = s.save("vip istanbul", "tag:vip").unwrap();
        assert_eq!(s.0.len(), 3, "same name ignoring case and dots replaces");
        assert_eq!(s.0[2].query, "tag:vip");
        assert_eq!(SavedSegments::from_json(&s.to_json()), s);
        assert_eq!(s.remove("Cafe").0.len(), 2);
    }

    #[test]
    fn saving_refuses_empty_names_and_queries() {
        let s = SavedSegments::default();
        assert_eq!(s.save("  ", "tag:vip"), Err(SaveRefusal::NoName));
        assert_eq!(
            s.save("  ", " "),
            Err(SaveRefusal::NoName),
            "the name first"
        );
        assert_eq!(s.save("VIP", " "), Err(SaveRefusal::NoQuery));
        assert_eq!(
            s.save(&"ş".repeat(81), "tag:vip"),
            Err(SaveRefusal::NameTooLong { max: 80 })
        );
        assert!(
            s.save(&"ş".repeat(80), "tag:vip").is_ok(),
            "80 characters, not bytes"
        );
        assert_eq!(
            SavedSegments::from_json("not json"),
            SavedSegments::default()
        );
    }
}
