//! Saved segments: named queries (see `crate::segment`) the user returns to. Stored as one
//! setting (a JSON list under [`SavedSegments::KEY`]), so they travel with backups.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSegment {
    pub name: String,
    pub query: String,
}

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
    pub fn save(&self, name: &str, query: &str) -> Result<SavedSegments, String> {
        let name = name.trim();
        let query = query.trim();
        if name.is_empty() {
            return Err("Give the segment a name.".into());
        }
        if query.is_empty() {
            return Err("Type a query first, like tag:vip status:at-risk.".into());
        }
        if name.chars().count() > 80 {
            return Err("A segment name can be at most 80 characters.".into());
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
        list.sort_by_cached_key(|s| crate::text::collation_key(&s.name));
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
        assert!(s.save("  ", "tag:vip").is_err());
        assert!(s.save("VIP", " ").is_err());
        assert!(s.save(&"x".repeat(81), "tag:vip").is_err());
        assert_eq!(
            SavedSegments::from_json("not json"),
            SavedSegments::default()
        );
    }
}
