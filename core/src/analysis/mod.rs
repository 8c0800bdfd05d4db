//! Pure analysis of the book: a contact's history in compact form, rhythms, the Today
//! sections, timelines by month. Functions of the data and a given "now"; no clock here.

pub mod history;
pub mod ics;
pub mod insights;
pub mod keeping;
pub mod pipeline;
pub mod timeline;
pub mod today;
pub mod value;

#[cfg(test)]
mod extreme_dates;

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The user's time zone as an offset from UTC in minutes (east positive), as the browser
/// reports it for "now". Dates shown and compared are local dates under this offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tz(pub i32);

/// The moment a figure is computed at, and the time zone its local dates are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub now: DateTime<Utc>,
    pub tz: Tz,
}

impl Clock {
    /// The local date of `now`.
    pub fn today(self) -> NaiveDate {
        self.tz.local_date(self.now)
    }
}

impl Tz {
    /// `at` moved by the offset, stopping at chrono's limits: a stored time near them
    /// must not panic (a date there is wrong anyway; the import checks refuse it).
    fn shift(self, at: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        at.checked_add_signed(Duration::minutes(minutes))
            .unwrap_or(if minutes < 0 {
                DateTime::<Utc>::MIN_UTC
            } else {
                DateTime::<Utc>::MAX_UTC
            })
    }

    pub fn local_date(self, at: DateTime<Utc>) -> NaiveDate {
        self.local_datetime(at).date()
    }

    pub fn local_datetime(self, at: DateTime<Utc>) -> chrono::NaiveDateTime {
        self.shift(at, self.0 as i64).naive_utc()
    }

    /// A local date and optional time as a UTC instant; without a time, local noon.
    pub fn to_utc(self, date: NaiveDate, time: Option<chrono::NaiveTime>) -> DateTime<Utc> {
        let t = time.unwrap_or(chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
        self.shift(date.and_time(t).and_utc(), -(self.0 as i64))
    }
}

/// `d` plus `days` (negative: minus), stopping at chrono's first or last date.
pub fn add_days(d: NaiveDate, days: i64) -> NaiveDate {
    let n = chrono::Days::new(days.unsigned_abs());
    if days < 0 {
        d.checked_sub_days(n).unwrap_or(NaiveDate::MIN)
    } else {
        d.checked_add_days(n).unwrap_or(NaiveDate::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_day_steps_stop_at_chronos_limits() {
        let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        assert_eq!(Tz(-180).local_date(min), min.date_naive());
        assert_eq!(Tz(180).local_date(max), max.date_naive());
        assert_eq!(Tz(i32::MAX).local_datetime(max), max.naive_utc());
        assert_eq!(Tz(1440).to_utc(NaiveDate::MIN, None), min);
        assert_eq!(Tz(-1440).to_utc(NaiveDate::MAX, None), max);
        assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_days(NaiveDate::MIN, -729), NaiveDate::MIN);
        let d = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
        assert_eq!(
            add_days(d, 1),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default()
        );
        assert_eq!(
            add_days(d, -365),
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or_default()
        );
    }
}
