//! Table tests of the replication planning, with PouchDB's named cases where they concern
//! what is decided here (the requests themselves are tried against a server end to end).

use super::doc::{self, apply_tombstone, docs_of, missing_here, DocKind, Incoming, Pulled, Skip};
use super::protocol::*;
use super::server::Refusal;
use crate::io::backup::Setting;
use crate::model::rev::{self, bump, Merged, Rev, Revised};
use crate::{Contact, ContactId};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{json, Value};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn contact(n: u8, name: &str) -> Contact {
    let mut c = Contact::new(ContactId::from_random_bytes([n; 16]), name, now());
    bump(&mut c);
    c
}

fn edit(c: &Contact, notes: &str, minutes: i64) -> Contact {
    let mut e = c.clone();
    e.notes = notes.into();
    e.updated_at += Duration::minutes(minutes);
    bump(&mut e);
    e
}

fn merged(a: &Contact, b: &Contact) -> Contact {
    match rev::merge(a, b).unwrap() {
        Merged::Here => a.clone(),
        Merged::New(c) => c,
    }
}

/// What another device reads from the documents of `c`, in the given order.
fn through_server(docs: impl IntoIterator<Item = Value>) -> Incoming {
    let mut inc = Incoming::default();
    for d in docs {
        inc.add(&d);
    }
    inc
}

fn docs(c: &Contact) -> Vec<Value> {
    docs_of(c).into_iter().map(|(_, d)| d).collect()
}

#[test]
fn basic_pull_and_push_carry_the_record_and_its_revisions() {
    let c = edit(&contact(1, "Şule Aydın"), "İstanbul'da muhasebe", 1);
    let out = docs(&c);
    assert_eq!(out.len(), 1);
    let d = &out[0];
    assert_eq!(d["_id"], format!("contact:{}", c.id));
    assert_eq!(d["type"], "contact");
    assert_eq!(d["_rev"], c.rev.to_string());
    assert_eq!(d["_revisions"]["start"], 2);
    assert_eq!(d["_revisions"]["ids"].as_array().unwrap().len(), 2);
    assert_eq!(d["display_name"], "Şule Aydın");
    assert!(d.get("_deleted").is_none());
    assert!(d.get("_conflicts").is_none());
    let inc = through_server(out);
    assert_eq!(inc.records.contacts, vec![c]);
    assert!(inc.skipped.is_empty());
}

#[test]
fn many_conflicts_travel_as_leaves_and_every_order_agrees() {
    let base = contact(2, "Amelia Ağaoğlu");
    let mut c = base.clone();
    for i in 0..5 {
        c = merged(&c, &edit(&base, &format!("device {i}"), i + 1));
    }
    assert_eq!(c.conflicts.len(), 4);
    let out = docs(&c);
    assert_eq!(out.len(), 5);
    let forward = through_server(out.clone()).records.contacts;
    let backward = through_server(out.into_iter().rev()).records.contacts;
    assert_eq!(forward, vec![c.clone()]);
    assert_eq!(backward, vec![c]);
}

#[test]
fn deleted_documents_replicate_with_their_content() {
    let mut c = contact(3, "Hakan Şahin");
    c.tombstone(now() + Duration::hours(1));
    bump(&mut c);
    let out = docs(&c);
    assert_eq!(out[0]["_deleted"], true);
    assert_eq!(out[0]["display_name"], "Hakan Şahin");
    let got = through_server(out).records.contacts;
    assert_eq!(got, vec![c]);
    assert!(got[0].deleted());
}

#[test]
fn deleted_conflicted_revisions_stay_deleted() {
    let base = contact(4, "Ece Kılıç");
    let c = merged(&edit(&base, "a", 1), &edit(&base, "b", 2));
    assert!(rev::has_conflicts(&c));
    let mut d = c.clone();
    d.tombstone(now() + Duration::hours(1));
    bump(&mut d);
    let out = docs(&d);
    assert_eq!(out.len(), 2);
    assert!(out.iter().all(|x| x["_deleted"] == true), "{out:?}");
    let got = through_server(out).records.contacts;
    assert!(got[0].deleted());
    assert!(!rev::has_conflicts(&got[0]));
}

#[test]
fn a_resolution_closes_the_other_leaves_everywhere() {
    let base = contact(5, "Nur Öztürk");
    let c = merged(&edit(&base, "mine", 1), &edit(&base, "theirs", 2));
    let loser = c.conflicts[0].rev();
    let r = rev::resolve(&c, Some(&loser), now() + Duration::hours(2)).unwrap();
    let got = through_server(docs(&r)).records.contacts;
    assert_eq!(got[0].rev, r.rev);
    assert!(!rev::has_conflicts(&got[0]));
    // The other device held both versions: the resolution descends from its winner and
    // closes its loser, so merging leaves no live conflict there either.
    let other = merged(&c, &got[0]);
    assert_eq!(other.rev, r.rev);
    assert!(!rev::has_conflicts(&other));
}

/// The winner is CouchDB's: live before deleted, then generation, then hash.
#[test]
fn the_winner_of_documents_from_several_clients_is_couchdbs() {
    let cases: &[(&[(&str, bool)], &str)] = &[
        (&[("2-aaa", false), ("2-bbb", false)], "2-bbb"),
        (&[("3-aaa", false), ("2-fff", false)], "3-aaa"),
        (&[("3-fff", true), ("2-aaa", false)], "2-aaa"),
        (&[("10-a", false), ("9-z", false)], "10-a"),
    ];
    let c = contact(6, "Kaan Er");
    for (leaves, want) in cases {
        let mut inc = Incoming::default();
        for (r, deleted) in leaves.iter() {
            let mut d = docs(&c).remove(0);
            let rev = Rev::parse(r).unwrap();
            d["_rev"] = json!(r);
            d["_revisions"] = json!({ "start": rev.gen, "ids": [rev.hash] });
            if *deleted {
                d["_deleted"] = json!(true);
            }
            inc.add(&d);
        }
        assert_eq!(inc.records.contacts[0].rev.to_string(), *want, "{leaves:?}");
    }
}

/// A document another client (PouchDB, a script) wrote with only the required fields.
#[test]
fn a_minimal_contact_from_another_client_is_a_contact() {
    let d = json!({
        "_id": "contact:0f8fad5b-d9cb-469f-a165-70867728950e",
        "_rev": "1-967a00dff5e02add41819138abb3284d",
        "type": "contact",
        "id": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "display_name": "Zeynep Çelik",
        "created_at": "2026-11-30T10:00:00Z",
        "updated_at": "2026-11-30T10:00:00Z",
        "unknown_field": 1
    });
    let inc = through_server([d]);
    assert!(inc.skipped.is_empty(), "{:?}", inc.skipped);
    let c = &inc.records.contacts[0];
    assert_eq!(c.display_name, "Zeynep Çelik");
    assert_eq!(c.rev.to_string(), "1-967a00dff5e02add41819138abb3284d");
    assert_eq!(c.revisions.ids, vec!["967a00dff5e02add41819138abb3284d"]);
}

#[test]
fn documents_that_fail_the_import_checks_are_skipped_with_a_reason() {
    let good = docs(&contact(7, "Ok"))[0].clone();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut d = good.clone();
        f(&mut d);
        d
    };
    // Each case and the reason it must be skipped for (a check's own words where the
    // reason is another part of the core's).
    let check =
        |part: &'static str| move |w: &Skip| matches!(w, Skip::Check(t) if t.contains(part));
    let is = |want: Skip| move |w: &Skip| *w == want;
    type Want = Box<dyn Fn(&Skip) -> bool>;
    let cases: Vec<(Value, Want)> = vec![
        (json!([1, 2]), Box::new(is(Skip::NotObject))),
        (
            with(&|d| d["display_name"] = json!("")),
            Box::new(check("display_name")),
        ),
        (
            with(&|d| d["display_name"] = json!(5)),
            Box::new(
                |w: &Skip| matches!(w, Skip::Invalid { kind: DocKind::Contact, detail } if !detail.contains(" at line")),
            ),
        ),
        (
            with(&|d| d["type"] = json!("interaction")),
            Box::new(
                |w: &Skip| matches!(w, Skip::TypeMismatch { id } if id.starts_with("contact:")),
            ),
        ),
        (
            with(&|d| d["_rev"] = json!("x")),
            Box::new(is(Skip::BadRev)),
        ),
        (
            with(&|d| {
                d.as_object_mut().unwrap().remove("_rev");
            }),
            Box::new(is(Skip::NoRev)),
        ),
        (
            with(&|d| {
                d.as_object_mut().unwrap().remove("_id");
            }),
            Box::new(is(Skip::NoId)),
        ),
        (
            with(&|d| d["_revisions"] = json!({"start": 9, "ids": ["a"]})),
            Box::new(is(Skip::RevNotNewest)),
        ),
        (
            with(&|d| d["_revisions"] = json!({"start": "x"})),
            Box::new(is(Skip::BadRevisions)),
        ),
        (
            with(&|d| d["_revisions"] = json!({"start": 1, "ids": []})),
            Box::new(check("no ids")),
        ),
        (
            with(&|d| d["id"] = json!("0f8fad5b-d9cb-469f-a165-70867728950e")),
            Box::new(is(Skip::KeyMismatch {
                kind: DocKind::Contact,
            })),
        ),
        (
            with(&|d| d["created_at"] = json!("1066-10-14T00:00:00Z")),
            Box::new(check("created_at")),
        ),
        (
            with(&|d| d["_id"] = json!("bakkal:encryption")),
            Box::new(is(Skip::NotRecordId)),
        ),
        (
            with(&|d| d["_id"] = json!("contact:")),
            Box::new(is(Skip::NotRecordId)),
        ),
    ];
    for (d, want) in cases {
        let inc = through_server([d.clone()]);
        assert!(inc.is_empty(), "{d}");
        assert_eq!(inc.skipped.len(), 1, "{d}");
        assert!(want(&inc.skipped[0].1), "{d}: {:?}", inc.skipped[0].1);
    }
}

#[test]
fn a_bodiless_deletion_from_another_client_deletes_what_this_book_holds() {
    let here = contact(8, "Selin Kara");
    let child = here.revisions.child("deadbeef".into());
    let d = json!({
        "_id": format!("contact:{}", here.id),
        "_rev": child.rev().to_string(),
        "_revisions": { "start": child.start, "ids": child.ids },
        "_deleted": true
    });
    let Ok(Pulled::Tombstone { kind, key, path }) = doc::read_doc(&d) else {
        panic!("a tombstone");
    };
    assert_eq!(
        (kind, key.as_str()),
        (DocKind::Contact, here.id.to_string().as_str())
    );
    let gone = apply_tombstone(&here, &path).unwrap();
    assert!(gone.deleted());
    assert_eq!(gone.rev, child.rev());
    assert_eq!(gone.display_name, "Selin Kara");
    // A live edit made here meanwhile beats a deletion (CouchDB's rule).
    let edited = edit(&here, "still a client", 1);
    let kept = apply_tombstone(&edited, &path).unwrap();
    assert!(!kept.deleted());
    assert_eq!(kept.rev, edited.rev);
    assert_eq!(kept.conflicts.len(), 1);
    assert!(kept.conflicts[0].deleted);
}

#[test]
fn long_histories_from_other_servers_are_cut_to_ours() {
    let mut d = docs(&contact(9, "Uzun"))[0].clone();
    let ids: Vec<String> = (0..300).map(|i| format!("h{i}")).collect();
    d["_rev"] = json!("300-h0");
    d["_revisions"] = json!({ "start": 300, "ids": ids });
    let inc = through_server([d]);
    let c = &inc.records.contacts[0];
    assert_eq!(c.revisions.ids.len(), rev::REVS_LIMIT);
    assert_eq!(c.rev.to_string(), "300-h0");
}

#[test]
fn settings_travel_by_key() {
    let mut s = Setting::new("segment.vip istanbul", r#"{"name":"VIP İstanbul"}"#, now());
    bump(&mut s);
    let out: Vec<Value> = docs_of(&s).into_iter().map(|(_, d)| d).collect();
    assert_eq!(out[0]["_id"], "setting:segment.vip istanbul");
    assert_eq!(through_server(out).records.settings, vec![s]);
}

#[test]
fn deals_travel_as_deal_documents_and_a_bad_one_is_skipped() {
    use crate::model::deal::{Deal, DealId, StageId};
    let mut d = Deal::new(
        DealId::from_random_bytes([3; 16]),
        ContactId::from_random_bytes([1; 16]),
        "Bordro danışmanlığı",
        StageId::new("lead"),
        now(),
    );
    bump(&mut d);
    d.move_to(StageId::new("negotiation"), now() + Duration::days(2))
        .unwrap();
    bump(&mut d);
    let out: Vec<Value> = docs_of(&d).into_iter().map(|(_, x)| x).collect();
    assert_eq!(out[0]["_id"], format!("deal:{}", d.id));
    assert_eq!(out[0]["type"], "deal");
    assert_eq!(through_server(out.clone()).records.deals, vec![d]);
    let mut bad = out[0].clone();
    bad["probability"] = json!(250);
    let inc = through_server([bad]);
    assert!(inc.records.deals.is_empty());
    assert!(matches!(&inc.skipped[0].1, Skip::Check(why) if why.contains("probability 250")));
}

#[test]
fn only_revisions_this_book_lacks_are_fetched() {
    let c = edit(&contact(10, "Bora"), "x", 1);
    let first = Rev {
        gen: 1,
        hash: c.revisions.ids[1].clone(),
    };
    let other = Rev::parse("2-zzz").unwrap();
    let revs = vec![c.rev.clone(), first, other.clone()];
    assert_eq!(missing_here(Some(&c), &revs), vec![other]);
    assert_eq!(missing_here::<Contact>(None, &revs), revs);
}

#[test]
fn the_change_feed_keeps_bakkal_records_and_opaque_sequences() {
    let feed = json!({
        "results": [
            {"seq": "5-g1AAAA", "id": "contact:abc", "changes": [{"rev": "2-x"}, {"rev": "2-y"}]},
            {"seq": "6-g1AAAB", "id": "_design/app", "changes": [{"rev": "1-a"}]},
            {"seq": "7-g1AAAC", "id": "bakkal:encryption", "changes": [{"rev": "1-a"}]},
            {"seq": "8-g1AAAD", "id": "interaction:def", "changes": [{"rev": "3-z"}], "deleted": true}
        ],
        "last_seq": "8-g1AAAD",
        "pending": 12
    });
    let c = parse_changes(feed).unwrap();
    assert_eq!(c.results.len(), 2);
    assert_eq!(c.rows, 4);
    assert_eq!(c.results[0].seq, json!("5-g1AAAA"));
    assert_eq!(c.results[0].doc, None);
    assert_eq!(c.results[0].revs.len(), 2);
    assert_eq!(c.results[1].id, "interaction:def");
    assert_eq!(c.last_seq, json!("8-g1AAAD"));
    assert_eq!(c.pending, Some(12));
    assert_eq!(since_param(&json!("8-g1AA/D")), "8-g1AA%2FD");
    assert_eq!(since_param(&json!(42)), "42");
    assert!(parse_changes(json!({"last_seq": 1})).is_none());
    assert!(parse_changes(json!({"results": []})).is_none());
    assert!(parse_changes(json!([])).is_none());
}

#[test]
fn a_first_revision_the_feed_included_needs_no_bulk_get() {
    let row = |rev: &str, doc: Value| {
        let feed = json!({
            "results": [{"seq": 1, "id": "contact:abc", "changes": [{"rev": rev}], "doc": doc}],
            "last_seq": 1
        });
        parse_changes(feed).unwrap().results.remove(0)
    };
    let first = Rev::parse("1-aaa").unwrap();
    let body = json!({"_id": "contact:abc", "_rev": "1-aaa", "type": "contact", "id": "abc"});
    let mut c = row("1-aaa", body.clone());
    let got = included_first(&mut c, std::slice::from_ref(&first)).unwrap();
    assert_eq!(got["_revisions"], json!({"start": 1, "ids": ["aaa"]}));
    assert_eq!(got["type"], json!("contact"));
    assert_eq!(c.doc, None, "moved out, not copied");

    // Nothing included, nothing missing, or more than the one revision missing.
    assert_eq!(
        included_first(&mut row("1-aaa", Value::Null), std::slice::from_ref(&first)),
        None
    );
    assert_eq!(included_first(&mut row("1-aaa", body.clone()), &[]), None);
    let other = Rev::parse("1-bbb").unwrap();
    let mut two = row("1-aaa", body.clone());
    assert_eq!(
        included_first(&mut two, &[first.clone(), other.clone()]),
        None
    );
    assert!(two.doc.is_some(), "kept for nobody, but not taken");
    // The included document is another revision (edited since the row was written).
    assert_eq!(
        included_first(&mut row("1-aaa", body.clone()), &[other]),
        None
    );
    // A later revision: its history is not in the feed.
    let second = Rev::parse("2-ccc").unwrap();
    let later = json!({"_id": "contact:abc", "_rev": "2-ccc", "type": "contact"});
    assert_eq!(included_first(&mut row("2-ccc", later), &[second]), None);
    // A deletion is never a first revision, but a document saying so is not taken either.
    let gone = json!({"_id": "contact:abc", "_rev": "1-aaa", "_deleted": true});
    assert_eq!(included_first(&mut row("1-aaa", gone), &[first]), None);
}

#[test]
fn revs_diff_and_bulk_get_bodies_and_answers() {
    let items = vec![(
        "contact:a".to_string(),
        vec![Rev::parse("1-x").unwrap(), Rev::parse("2-y").unwrap()],
    )];
    assert_eq!(revs_diff_body(&items), json!({"contact:a": ["1-x", "2-y"]}));
    assert_eq!(
        bulk_get_body(&items),
        json!({"docs": [{"id": "contact:a", "rev": "1-x"}, {"id": "contact:a", "rev": "2-y"}]})
    );
    let diff = json!({"contact:a": {"missing": ["2-y"]}, "contact:b": {"missing": []}});
    assert_eq!(
        parse_revs_diff(&diff),
        vec![("contact:a".to_string(), vec![Rev::parse("2-y").unwrap()])]
    );
    let got = json!({"results": [
        {"id": "contact:a", "docs": [{"ok": {"_id": "contact:a", "_rev": "2-y"}},
                                     {"error": {"id": "contact:a", "rev": "3-q", "error": "not_found", "reason": "missing"}}]}
    ]});
    let (docs, errors) = parse_bulk_get(&got);
    assert_eq!(docs.len(), 1);
    assert_eq!(
        errors,
        vec![(
            "contact:a".to_string(),
            Skip::NotServed(Some("missing".to_string()))
        )]
    );
    assert_eq!(
        parse_open_revs(&json!([{"ok": {"_id": "x"}}, {"missing": "1-z"}])),
        vec![json!({"_id": "x"})]
    );
    assert_eq!(
        open_revs_path(
            "setting:segment.vip istanbul",
            &[Rev::parse("1-x").unwrap()]
        ),
        "/setting%3Asegment.vip%20istanbul?revs=true&latest=true&open_revs=%5B%221-x%22%5D"
    );
}

/// PouchDB #2268: one unauthorised document does not stop replication; a 409 for one
/// document is logged too.
#[test]
fn refused_documents_are_skipped_and_the_rest_counts_as_stored() {
    assert!(parse_bulk_docs(&json!([])).is_empty());
    assert!(parse_bulk_docs(&json!([{"ok": true, "id": "contact:a", "rev": "1-x"}])).is_empty());
    let answer = json!([
        {"id": "contact:a", "error": "forbidden", "reason": "only admins"},
        {"id": "contact:b", "error": "unauthorized"},
        {"id": "contact:c", "error": "conflict", "reason": "Document update conflict."}
    ]);
    let skipped = parse_bulk_docs(&answer);
    assert_eq!(skipped.len(), 3);
    assert_eq!(
        skipped[0],
        (
            "contact:a".into(),
            Skip::Rejected {
                error: "forbidden".into(),
                reason: "only admins".into()
            }
        )
    );
    assert_eq!(
        skipped[1].1,
        Skip::Rejected {
            error: "unauthorized".into(),
            reason: String::new()
        }
    );
}

#[test]
fn only_the_leaves_the_server_lacks_are_sent() {
    let base = contact(11, "Deniz");
    let c = merged(&edit(&base, "a", 1), &edit(&base, "b", 2));
    let loser = c.conflicts[0].rev();
    let sent = docs_to_send(&c, std::slice::from_ref(&loser));
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["_rev"], loser.to_string());
    assert_eq!(
        sent[0]["notes"],
        c.conflicts[0].doc.as_ref().unwrap()["notes"]
    );
    assert!(docs_to_send(&c, &[]).is_empty());
}

/// PouchDB's "live replication starting offline" and "retry while starting offline", and
/// a 409 answering a whole request: offline waits for `online`; network and server
/// errors back off, doubling; a working round resets; credentials stop.
#[test]
fn the_retry_rule() {
    let mut r = Retry::default();
    assert_eq!(
        r.after(Err(Refusal::Unreachable), false, 0.0),
        Next::WaitOnline
    );
    assert_eq!(
        r.after(Err(Refusal::Unreachable), true, 0.0),
        Next::RetryIn(500)
    );
    assert_eq!(
        r.after(Err(Refusal::Unreachable), true, 0.0),
        Next::RetryIn(1000)
    );
    assert_eq!(
        r.after(Err(Refusal::Server { status: 409 }), true, 0.0),
        Next::RetryIn(2000)
    );
    assert_eq!(r.after(Ok(()), true, 0.0), Next::Continue);
    assert_eq!(
        r.after(Err(Refusal::Server { status: 503 }), true, 0.0),
        Next::RetryIn(500)
    );
    assert_eq!(
        r.after(Err(Refusal::Unauthorized), true, 0.0),
        Next::Stop(Refusal::Unauthorized)
    );
}

#[test]
fn an_encrypted_document_keeps_only_what_couchdb_needs_readable() {
    let mut c = contact(12, "Gizli Müşteri");
    c.notes = "ciro 1.250.000 TL".into();
    let d = docs(&c).remove(0);
    let (clear, body) = doc::split_for_sealing(&d);
    let keys: Vec<&str> = clear.keys().map(String::as_str).collect();
    assert_eq!(keys, ["_id", "_rev", "_revisions", "type"]);
    assert!(body.contains("Gizli Müşteri") && body.contains("1.250.000"));
    assert!(!body.contains("_rev"));
    let mut sealed = Value::Object(clear);
    sealed["enc"] = json!(doc::b64_encode(b"ciphertext"));
    assert_eq!(doc::sealed_body(&sealed), Some(Ok(b"ciphertext".to_vec())));
    assert_eq!(doc::sealed_body(&d), None);
    let back = doc::join_opened(&sealed, &body).unwrap();
    assert!(back.get("enc").is_none());
    assert_eq!(through_server([back]).records.contacts, vec![c]);
    // The body cannot override the readable fields (a revision or id smuggled inside).
    let forged = doc::join_opened(
        &sealed,
        r#"{"_id":"contact:x","_rev":"9-z","display_name":"x"}"#,
    )
    .unwrap();
    assert_eq!(forged["_id"], d["_id"]);
    assert_eq!(forged["_rev"], d["_rev"]);
    assert!(doc::join_opened(&sealed, "[1]").is_err());
}

#[test]
fn the_encryption_document_round_trips_and_refuses_odd_values() {
    let e = doc::Encryption {
        salt: vec![1; 16],
        iterations: 600_000,
        check: vec![9; 40],
    };
    let d = e.to_doc();
    assert_eq!(d["_id"], doc::ENCRYPTION_ID);
    assert_eq!(doc::Encryption::from_doc(&d), Some(e));
    for (k, v) in [
        ("iterations", json!(10)),
        ("iterations", json!(1u64 << 40)),
        ("salt", json!("AQID")),
        ("check", json!("%%")),
    ] {
        let mut bad = d.clone();
        bad[k] = v;
        assert!(doc::Encryption::from_doc(&bad).is_none(), "{k}");
    }
}
