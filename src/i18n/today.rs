//! Texts of Today, the start page: due follow-ups, open complaints and requests, customers
//! gone quiet, birthdays, the backup reminder (English and Turkish side by side).

pub struct Today {
    pub title: &'static str,
    /// The welcome on an empty book: before the link, the link, after it.
    pub welcome_before: &'static str,
    pub welcome_link: &'static str,
    pub welcome_after: &'static str,
    pub due_title: &'static str,
    /// Open deals expected to close within 7 days or already past (shown when there are
    /// open deals).
    pub closing_title: &'static str,
    pub closing_empty: &'static str,
    /// An expected close date and how far it is ("15 Dec 2026", "in 3 days").
    pub closes: fn(&str, &str) -> String,
    /// Open deals left longer than their stage allows.
    pub cold_title: &'static str,
    pub cold_empty: &'static str,
    pub due_empty: &'static str,
    /// When an open follow-up is due: days from today (0 or less here) and that
    /// distance in words ("today", "3 days ago").
    pub due: fn(i64, &str) -> String,
    pub open_title: &'static str,
    pub open_empty: &'static str,
    /// A complaint's or request's kind and how many days it has been open.
    pub open_for: fn(&str, i64) -> String,
    pub mark_resolved: &'static str,
    pub quiet_title: &'static str,
    pub quiet_empty: &'static str,
    /// A contact's usual gap in days, the days since the last purchase (`true`) or the
    /// last contact of any kind (`false`).
    pub quiet_line: fn(i64, i64, bool) -> String,
    pub log_interaction: &'static str,
    /// The contacts gone quiet beyond the first 50.
    pub and_more: fn(usize) -> String,
    pub birthdays_title: &'static str,
    pub birthdays_empty: &'static str,
    /// The date, how far away it is in words, and the age they turn when known.
    pub birthday: fn(&str, &str, Option<i32>) -> String,
    /// The last backup's age in days.
    pub backup_old: fn(i64) -> String,
    /// Days of work since the first change, with no backup yet.
    pub backup_never: fn(i64) -> String,
    pub back_up_now: &'static str,
    pub erase_title: &'static str,
    pub erase_why: &'static str,
    pub erase_steps: [&'static str; 3],
    pub export_now: &'static str,
    pub dismiss_week: &'static str,
}

use super::number;

pub const EN: Today = Today {
    title: "Today",
    welcome_before: "Your book is empty. Go to ",
    welcome_link: "Contacts",
    welcome_after: " to add people or load sample data.",
    due_title: "Due follow-ups",
    closing_title: "Closing this week",
    closing_empty: "No deal is expected to close this week.",
    closes: |date, when| format!("expected to close {date} ({when})"),
    cold_title: "Going cold",
    cold_empty: "Every open deal has moved recently.",
    due_empty: "Nothing due. Nice and tidy.",
    due: |_, when| format!("due {when}"),
    open_title: "Open complaints and requests",
    open_empty: "No open complaints or requests.",
    open_for: |kind, days| match days {
        0 => format!("{kind}, opened today"),
        1 => format!("{kind}, open for 1 day"),
        n => format!("{kind}, open for {} days", number(n)),
    },
    mark_resolved: "Mark resolved",
    quiet_title: "Gone quiet",
    quiet_empty: "Everyone is keeping their usual rhythm.",
    quiet_line: |usual, since, purchases| {
        let what = if purchases { "purchase" } else { "contact" };
        format!(
            "usually every {} days — last {what} {} days ago",
            number(usual),
            number(since)
        )
    },
    log_interaction: "Log interaction",
    and_more: |n| format!("…and {} more.", number(n as i64)),
    birthdays_title: "Birthdays",
    birthdays_empty: "No birthdays in the next two weeks.",
    birthday: |date, when, turns| match turns {
        Some(age) => format!("{date} ({when}), turns {age}"),
        None => format!("{date} ({when})"),
    },
    backup_old: |days| {
        format!(
            "Your last backup is {} days old and the book has changed since.",
            number(days)
        )
    },
    backup_never: |days| {
        format!(
            "You have not backed up this book yet, and it has {} days of work in it.",
            number(days)
        )
    },
    back_up_now: "Back up now",
    erase_title: "Safari may erase this book",
    erase_why: "This browser has not promised to keep Bakkal's data. Safari erases everything a site stored after 7 days of use without a visit — your whole book — unless the app is on the Home Screen.",
    erase_steps: [
        "On an iPhone or iPad: tap Share, then Add to Home Screen, and open Bakkal from there.",
        "Or start sync with your own CouchDB (Settings → Sync): the server keeps a copy.",
        "Or export a backup regularly and keep the file somewhere safe.",
    ],
    export_now: "Export backup now",
    dismiss_week: "Not now (remind me in a week)",
};

pub const TR: Today = Today {
    title: "Bugün",
    welcome_before: "Defteriniz boş. Kişi eklemek ya da örnek verileri yüklemek için ",
    welcome_link: "Kişiler",
    welcome_after: " sayfasına gidin.",
    due_title: "Vadesi gelen takipler",
    closing_title: "Bu hafta kapanacaklar",
    closing_empty: "Bu hafta kapanması beklenen fırsat yok.",
    closes: |date, when| format!("beklenen kapanış {date} ({when})"),
    cold_title: "Soğuyan fırsatlar",
    cold_empty: "Açık fırsatların hepsi yakın zamanda ilerledi.",
    due_empty: "Vadesi gelen bir şey yok. Her şey yolunda.",
    due: |days, when| {
        if days < 0 {
            format!("vadesi {when} geçti")
        } else {
            format!("vadesi {when}")
        }
    },
    open_title: "Açık şikâyet ve talepler",
    open_empty: "Açık şikâyet ya da talep yok.",
    open_for: |kind, days| match days {
        0 => format!("{kind}, bugün açıldı"),
        n => format!("{kind}, {} gündür açık", number(n)),
    },
    mark_resolved: "Çözüldü olarak işaretle",
    quiet_title: "Sessizleşenler",
    quiet_empty: "Herkes olağan sıklığını koruyor.",
    quiet_line: |usual, since, purchases| {
        let what = if purchases { "satın alma" } else { "temas" };
        format!(
            "genellikle {} günde bir — son {what} {} gün önce",
            number(usual),
            number(since)
        )
    },
    log_interaction: "Görüşme kaydet",
    and_more: |n| format!("…ve {} tane daha.", number(n as i64)),
    birthdays_title: "Doğum günleri",
    birthdays_empty: "Önümüzdeki iki hafta içinde doğum günü yok.",
    birthday: |date, when, turns| match turns {
        Some(age) => format!("{date} ({when}), {age} yaşına giriyor"),
        None => format!("{date} ({when})"),
    },
    backup_old: |days| {
        format!(
            "Son yedeğiniz {} gün önce alındı ve defter o zamandan beri değişti.",
            number(days)
        )
    },
    backup_never: |days| {
        format!(
            "Bu defterin henüz yedeğini almadınız; içinde {} günlük emek var.",
            number(days)
        )
    },
    back_up_now: "Şimdi yedekle",
    erase_title: "Safari bu defteri silebilir",
    erase_why: "Bu tarayıcı Bakkal'ın verilerini saklayacağına söz vermedi. Safari, 7 gün ziyaret edilmeyen bir sitenin sakladığı her şeyi — bütün defterinizi — siler; uygulama Ana Ekran'a eklenmişse silmez.",
    erase_steps: [
        "iPhone ya da iPad'de: Paylaş'a, sonra Ana Ekrana Ekle'ye dokunun ve Bakkal'ı oradan açın.",
        "Ya da kendi CouchDB sunucunuzla eşitlemeyi başlatın (Ayarlar → Eşitleme): sunucu bir kopya saklar.",
        "Ya da düzenli olarak yedek alın ve dosyayı güvenli bir yerde saklayın.",
    ],
    export_now: "Yedeği şimdi dışa aktar",
    dismiss_week: "Şimdi değil (bir hafta sonra hatırlat)",
};
