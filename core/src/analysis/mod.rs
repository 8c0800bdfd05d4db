//! Pure analysis of the book: a contact's history in compact form, rhythms, the Today
//! sections, timelines by month. Functions of the data and a given "now"; no clock here.

pub mod history;
pub mod ics;
pub mod insights;
pub mod timeline;
pub mod today;
pub mod value;

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The user's time zone as an offset from UTC in minutes (east positive), as the browser
/// reports it for "now". Dates shown and compared are local dates under this offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tz(pub i32);

impl Tz {
    pub fn local_date(self, at: DateTime<Utc>) -> NaiveDate {
        (at + Duration::minutes(self.0 as i64)).date_naive()
    }

    pub fn local_datetime(self, at: DateTime<Utc>) -> chrono::NaiveDateTime {
        (at + Duration::minutes(self.0 as i64)).naive_utc()
    }

    /// A local date and optional time as a UTC instant; without a time, local noon.
    pub fn to_utc(self, date: NaiveDate, time: Option<chrono::NaiveTime>) -> DateTime<Utc> {
        let t = time.unwrap_or(chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
        date.and_time(t).and_utc() - Duration::minutes(self.0 as i64)
    }
}
