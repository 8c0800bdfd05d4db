//! Settings items: taken in from the store, and written item by item, each checked
//! against the stored one.

use super::{AppState, Changed, Notice, RETRIES};
use crate::browser;
use crate::store::{Outcome, StoreError};
use bakkal_core::analysis::value::ValueSettings;
use bakkal_core::io::backup::Setting;
use bakkal_core::model::rev::{self, bump};
use bakkal_core::model::saved_segment::SavedSegments;
use bakkal_core::model::settings;
use leptos::prelude::*;

impl AppState {
    /// Takes the stored settings into the app. Unreadable items are reported and left as
    /// they are; the defaults stand in for them without overwriting them.
    pub(super) fn apply_settings(&self, items: &[Setting]) {
        let mut read = settings::read(items);
        let (pipeline, unreadable) = settings::pipeline(items);
        read.problems.extend(unreadable);
        if self.pipeline.with_untracked(|x| *x != pipeline) {
            self.pipeline.set(pipeline);
        }
        self.setting_items.set_value(items.to_vec());
        if self.value.with_untracked(|x| *x != read.value) {
            self.value.set(read.value);
        }
        if self.segments.with_untracked(|x| *x != read.segments) {
            self.segments.set(read.segments);
        }
        if let Some(p) = read.problems.first() {
            let text = (crate::i18n::t().messages().settings_unreadable)(read.problems.len(), p);
            self.notify(Notice::error(text));
        }
    }

    /// Saves the value settings, field by field; the screen follows once they are stored.
    pub async fn save_value(self, v: ValueSettings) -> Result<(), StoreError> {
        let changes = self
            .value
            .with_untracked(|old| settings::value_changes(old, &v))
            .into_iter()
            .map(|(k, json)| (k, Some(json)))
            .collect();
        self.put_settings(changes).await?;
        self.value.set(v);
        Ok(())
    }

    /// Saves the exchange rates (one item per currency); the figures follow at once.
    pub async fn save_rates(self, rates: bakkal_core::money::Rates) -> Result<(), StoreError> {
        let changes = self
            .value
            .with_untracked(|old| settings::rate_changes(&old.rates, &rates));
        if changes.is_empty() {
            return Ok(());
        }
        self.put_settings(changes).await?;
        self.value.update(|v| v.rates = rates);
        Ok(())
    }

    /// Saves the list of named segments (each segment is its own item).
    pub async fn save_segments(self, segs: SavedSegments) -> Result<(), StoreError> {
        let changes = self
            .segments
            .with_untracked(|old| settings::segment_changes(old, &segs));
        self.put_settings(changes).await?;
        self.segments.set(segs);
        Ok(())
    }

    /// Writes settings items, each as a child of the stored item (re-read and retried
    /// when another tab wrote one meanwhile).
    pub(crate) async fn put_settings(
        self,
        changes: Vec<(String, Option<String>)>,
    ) -> Result<(), StoreError> {
        let store = self.store()?;
        for _ in 0..RETRIES {
            let now = browser::now();
            let items: Vec<(Setting, rev::Rev)> = self.setting_items.with_value(|stored| {
                changes
                    .iter()
                    .map(|(k, v)| {
                        let current = stored.iter().find(|s| s.key == *k);
                        let mut s = settings::item(k, v.clone(), current, now);
                        let base = s.rev.clone();
                        bump(&mut s);
                        (s, base)
                    })
                    .collect()
            });
            match store.put_checked(&items).await? {
                Outcome::Done(()) => {
                    self.setting_items.update_value(|stored| {
                        for (s, _) in items {
                            stored.retain(|x| x.key != s.key);
                            stored.push(s);
                        }
                    });
                    self.ask_persistence_once();
                    self.announce(Changed {
                        settings: true,
                        ..Changed::default()
                    });
                    return Ok(());
                }
                Outcome::Stale(_) => {
                    let loaded = store.settings().await?;
                    self.setting_items.set_value(loaded.items);
                }
            }
        }
        Err(StoreError::Failed(
            crate::i18n::t().messages().settings_keep_changing.into(),
        ))
    }
}
