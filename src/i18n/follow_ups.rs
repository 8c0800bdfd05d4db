//! Texts of Follow-ups: the groups by due date, the item's actions, the calendar file
//! (English and Turkish side by side).

use bakkal_core::analysis::today::Bucket;

pub struct FollowUps {
    pub title: &'static str,
    /// A group's heading.
    pub bucket: fn(Bucket) -> &'static str,
    pub empty: &'static str,
    /// Shown for a follow-up without a note.
    pub no_note: &'static str,
    pub add_to_calendar: &'static str,
    /// Why the calendar file could not be made.
    pub calendar_failed: fn(&str) -> String,
    /// The calendar event's title: the contact's name and the note (trimmed, may be
    /// empty).
    pub event_summary: fn(&str, &str) -> String,
}

pub const EN: FollowUps = FollowUps {
    title: "Follow-ups",
    bucket: |b| match b {
        Bucket::Overdue => "Overdue",
        Bucket::Today => "Today",
        Bucket::ThisWeek => "This week",
        Bucket::Later => "Later",
    },
    empty: "Nothing here.",
    no_note: "Follow up",
    add_to_calendar: "Add to calendar",
    calendar_failed: |e| format!("Could not create the calendar file: {e}"),
    event_summary: |name, note| {
        if note.is_empty() {
            format!("Follow up: {name}")
        } else {
            format!("Follow up: {name} — {note}")
        }
    },
};

pub const TR: FollowUps = FollowUps {
    title: "Takipler",
    bucket: |b| match b {
        Bucket::Overdue => "Vadesi geçmiş",
        Bucket::Today => "Bugün",
        Bucket::ThisWeek => "Bu hafta",
        Bucket::Later => "Daha sonra",
    },
    empty: "Burada bir şey yok.",
    no_note: "Takip",
    add_to_calendar: "Takvime ekle",
    calendar_failed: |e| format!("Takvim dosyası oluşturulamadı: {e}"),
    event_summary: |name, note| {
        if note.is_empty() {
            format!("Takip: {name}")
        } else {
            format!("Takip: {name} — {note}")
        }
    },
};
