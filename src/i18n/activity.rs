//! Texts of Activity: every interaction, newest first, with its filters (English and
//! Turkish side by side).

use super::number;

pub struct Activity {
    /// The page's heading, also the list's accessible name.
    pub title: &'static str,
    /// Filter labels; the trailing space separates the label from its control.
    pub channel: &'static str,
    pub all_channels: &'static str,
    pub kind: &'static str,
    pub all_kinds: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub loading: &'static str,
    pub none_match: &'static str,
    /// All the interactions that match, when every page is read.
    pub count: fn(usize) -> String,
    /// The interactions read so far, when more may follow.
    pub count_so_far: fn(usize) -> String,
}

pub const EN: Activity = Activity {
    title: "Activity",
    channel: "Channel ",
    all_channels: "All channels",
    kind: "Type ",
    all_kinds: "All types",
    from: "From ",
    to: "To ",
    loading: "Loading…",
    none_match: "No interactions match.",
    count: |n| {
        if n == 1 {
            "1 interaction".into()
        } else {
            format!("{} interactions", number(n as i64))
        }
    },
    count_so_far: |n| format!("{}+ interactions, newest first", number(n as i64)),
};

pub const TR: Activity = Activity {
    title: "Etkinlik",
    channel: "Kanal ",
    all_channels: "Tüm kanallar",
    kind: "Tür ",
    all_kinds: "Tüm türler",
    from: "Başlangıç ",
    to: "Bitiş ",
    loading: "Yükleniyor…",
    none_match: "Eşleşen görüşme yok.",
    count: |n| format!("{} görüşme", number(n as i64)),
    count_so_far: |n| format!("{}+ görüşme, en yeniden eskiye", number(n as i64)),
};
