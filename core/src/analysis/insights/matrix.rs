//! The segments matrix: tiers crossed with a dimension (city, tag…).

use super::tier_index;
use crate::analysis::value::{Facts, Scoring, Tier};
use crate::book::Book;
use crate::segment::quote;
use crate::text::fold_into;
use crate::{Contact, ContactId};
use std::collections::HashMap;

/// What the tiers can be crossed with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Dimension {
    City,
    Region,
    Tag,
    Source,
    Organisation,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::City,
        Dimension::Region,
        Dimension::Tag,
        Dimension::Source,
        Dimension::Organisation,
    ];

    /// The word used in the segment query language (`city:`, `org:`…) and in URLs (the
    /// UI names a dimension in the user's language).
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::City => "city",
            Dimension::Region => "region",
            Dimension::Tag => "tag",
            Dimension::Source => "source",
            Dimension::Organisation => "org",
        }
    }

    /// Reads [`Dimension::as_str`] (any case; `company` is accepted for `org`, as in
    /// segment queries, and `organisation`, as older addresses spelled it).
    pub fn parse(s: &str) -> Option<Dimension> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("company") || s.eq_ignore_ascii_case("organisation") {
            return Some(Dimension::Organisation);
        }
        Dimension::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(s))
    }
}

/// The customers (and their revenue) of one tier under one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell {
    pub count: usize,
    /// Home-currency revenue, minor units.
    pub revenue: i64,
}

impl Cell {
    fn add(&mut self, revenue: i64) {
        self.count += 1;
        self.revenue = self.revenue.saturating_add(revenue);
    }
}

/// A column of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// One value of the dimension, as first written (trimmed).
    Value(String),
    /// The bucket for everything beyond the top columns (the UI names it).
    Other,
}

/// Tiers crossed with a dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// The dimension's values with the most customers, at most `max_columns`, most
    /// customers first (ties by Turkish-folded name); then [`Column::Other`] if anything
    /// is left over (values beyond the top, and customers with no value for the
    /// dimension).
    pub columns: Vec<Column>,
    /// rows[tier index A..D][column]
    pub rows: [Vec<Cell>; 4],
}

impl Matrix {
    /// Whether the last column is [`Column::Other`].
    pub fn has_other(&self) -> bool {
        self.columns.last() == Some(&Column::Other)
    }

    /// The values of the named columns (all but "Other").
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().filter_map(|c| match c {
            Column::Value(v) => Some(v.as_str()),
            Column::Other => None,
        })
    }

    /// The segment query that lists a cell's contacts (`dim` is the matrix's dimension):
    /// the tier and the column's value; "Other" excludes every named column.
    pub fn cell_query(&self, dim: Dimension, tier: Tier, col: usize) -> String {
        let mut q = format!("tier:{}", tier.label());
        let field = dim.as_str();
        match self.columns.get(col) {
            Some(Column::Value(v)) => q.push_str(&format!(" {field}:{}", quote(v))),
            Some(Column::Other) => {
                for v in self.values() {
                    q.push_str(&format!(" -{field}:{}", quote(v)));
                }
            }
            None => {}
        }
        q
    }
}

/// One distinct value of the dimension (grouped by its folded form).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Group {
    /// As first written (in the book's name order), trimmed.
    name: String,
    folded: String,
    customers: usize,
}

/// Which customers have which values of a dimension, with their revenue: everything the
/// matrix needs but the tiers. It depends on the book and the facts, not on the weights,
/// so a weight change only counts the cells again ([`matrix_of`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grouping {
    groups: Vec<Group>,
    /// Each customer in the book's order: id, revenue, and the range of its groups in
    /// `member_of`.
    customers: Vec<(ContactId, i64, usize, usize)>,
    member_of: Vec<usize>,
}

/// Tiers crossed with a dimension, customers only (contacts with a Standing). Values are
/// grouped by [`fold()`](crate::text::fold()), so "İstanbul" and "istanbul" are one column. City is
/// the contact's first city ([`Contact::city`]), region its first region, organisation
/// the linked or typed organisation name.
///
/// A customer with several tags counts once in **each** of its tag columns, so with
/// [`Dimension::Tag`] the cells of a row can add up to more than the tier's customers. A
/// customer counts at most once in "Other" (for tags: when it has no tag, or any tag
/// beyond the top columns).
pub fn matrix(
    book: &Book,
    facts: &Facts,
    scoring: &Scoring,
    dim: Dimension,
    max_columns: usize,
) -> Matrix {
    matrix_of(&grouping(book, facts, dim), scoring, max_columns)
}

/// The customers (contacts with value keys: those [`scoring`](crate::analysis::value::scoring)
/// ranks) grouped by their values of `dim`.
pub fn grouping<'a>(book: &'a Book, facts: &Facts, dim: Dimension) -> Grouping {
    let mut index: HashMap<String, usize> = HashMap::new();
    // The group of each value as written: most customers share a few cities or tags, so
    // each distinct spelling is folded once.
    let mut spelled: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut customers = Vec::new();
    let mut member_of: Vec<usize> = Vec::new();
    let mut buf = String::new();
    for c in book.iter() {
        let Some(f) = facts.get(c.id).filter(|f| f.keys.is_some()) else {
            continue;
        };
        let start = member_of.len();
        let mut add = |value: &'a str| {
            let value = value.trim();
            if value.is_empty() {
                return;
            }
            let g = match spelled.get(value) {
                Some(&g) => g,
                None => {
                    buf.clear();
                    fold_into(value, &mut buf);
                    let g = match index.get(buf.as_str()) {
                        Some(&g) => g,
                        None => {
                            let g = groups.len();
                            groups.push(Group {
                                name: value.to_string(),
                                folded: buf.clone(),
                                customers: 0,
                            });
                            index.insert(buf.clone(), g);
                            g
                        }
                    };
                    spelled.insert(value, g);
                    g
                }
            };
            // A contact tagged both "VIP" and "vip" counts once.
            if !member_of[start..].contains(&g) {
                member_of.push(g);
                groups[g].customers += 1;
            }
        };
        for_each_value(book, c, dim, &mut add);
        customers.push((c.id, f.revenue, start, member_of.len()));
    }
    Grouping {
        groups,
        customers,
        member_of,
    }
}

/// The matrix of a grouping under the current tiers.
pub fn matrix_of(grouping: &Grouping, scoring: &Scoring, max_columns: usize) -> Matrix {
    let Grouping {
        groups,
        customers,
        member_of,
    } = grouping;
    let mut order: Vec<usize> = (0..groups.len()).collect();
    crate::sort::by(&mut order, |&a, &b| {
        groups[b]
            .customers
            .cmp(&groups[a].customers)
            .then_with(|| groups[a].folded.cmp(&groups[b].folded))
    });
    order.truncate(max_columns);
    // Group index → column.
    let mut column_of: Vec<Option<usize>> = vec![None; groups.len()];
    for (col, &g) in order.iter().enumerate() {
        column_of[g] = Some(col);
    }
    let top = order.len();
    let has_other = customers
        .iter()
        .any(|&(_, _, s, e)| s == e || member_of[s..e].iter().any(|&g| column_of[g].is_none()));
    let width = top + usize::from(has_other);
    let mut rows: [Vec<Cell>; 4] = std::array::from_fn(|_| vec![Cell::default(); width]);
    for &(id, revenue, s, e) in customers {
        let Some(tier) = scoring.tier(id) else {
            continue;
        };
        let t = tier_index(tier);
        let mut other = s == e;
        for &g in &member_of[s..e] {
            match column_of[g] {
                Some(col) => rows[t][col].add(revenue),
                None => other = true,
            }
        }
        if other {
            rows[t][top].add(revenue);
        }
    }
    let mut columns: Vec<Column> = order
        .iter()
        .map(|&g| Column::Value(groups[g].name.clone()))
        .collect();
    if has_other {
        columns.push(Column::Other);
    }
    Matrix { columns, rows }
}

/// Calls `f` with each of the contact's values for the dimension (possibly none).
fn for_each_value<'a>(book: &'a Book, c: &'a Contact, dim: Dimension, f: &mut impl FnMut(&'a str)) {
    match dim {
        Dimension::City => f(c.city()),
        Dimension::Region => {
            if let Some(r) = c
                .addresses
                .iter()
                .map(|a| a.region.as_str())
                .find(|r| !r.trim().is_empty())
            {
                f(r)
            }
        }
        Dimension::Tag => c.tags.iter().for_each(|t| f(t)),
        Dimension::Source => f(&c.source),
        Dimension::Organisation => {
            if let Some(o) = book.organisation_name(c) {
                f(o)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::insights::test_support::*;
    use crate::analysis::value::ValueSettings;
    use crate::Organisation;

    fn value(s: &str) -> Column {
        Column::Value(s.into())
    }

    fn column_totals(m: &Matrix) -> Vec<usize> {
        (0..m.columns.len())
            .map(|col| m.rows.iter().map(|r| r[col].count).sum())
            .collect()
    }

    #[test]
    fn matrix_folds_values_and_buckets_the_rest() {
        let b = book(vec![
            (located(1, "Ali", "İstanbul", "Marmara"), vec![buy(5, 500)]),
            (
                located(2, "Berk", " istanbul ", "marmara"),
                vec![buy(5, 400)],
            ),
            (located(3, "Cem", "Ankara", "İç Anadolu"), vec![buy(5, 300)]),
            (located(4, "Deniz", "İzmir", "Ege"), vec![buy(5, 200)]),
            (located(5, "Ece", "", ""), vec![buy(5, 100)]),
            // A prospect: not a customer, not in the matrix.
            (located(6, "Fatma", "Bursa", "Marmara"), vec![call(2)]),
        ]);
        let (f, s) = analyse(&b, &ValueSettings::default());
        for (name, dim, max, columns, has_other, totals) in [
            (
                "top two cities, ties by folded name",
                Dimension::City,
                2,
                vec![value("İstanbul"), value("Ankara"), Column::Other],
                true,
                vec![2, 1, 2],
            ),
            (
                "all cities; the customer without one is Other",
                Dimension::City,
                10,
                vec![
                    value("İstanbul"),
                    value("Ankara"),
                    value("İzmir"),
                    Column::Other,
                ],
                true,
                vec![2, 1, 1, 1],
            ),
            (
                "no columns: everything is Other",
                Dimension::City,
                0,
                vec![Column::Other],
                true,
                vec![5],
            ),
            (
                "regions fold too",
                Dimension::Region,
                1,
                vec![value("Marmara"), Column::Other],
                true,
                vec![2, 3],
            ),
            (
                "nobody has a source",
                Dimension::Source,
                5,
                vec![Column::Other],
                true,
                vec![5],
            ),
        ] {
            let m = matrix(&b, &f, &s, dim, max);
            assert_eq!(m.columns, columns, "{name}");
            assert_eq!(m.has_other(), has_other, "{name}");
            assert!(m.rows.iter().all(|r| r.len() == columns.len()), "{name}");
            assert_eq!(column_totals(&m), totals, "{name}");
        }
        let m = matrix(&b, &f, &s, Dimension::City, 10);
        let istanbul: i64 = m.rows.iter().map(|r| r[0].revenue).sum();
        assert_eq!(istanbul, 900);
    }

    #[test]
    fn matrix_without_leftovers_has_no_other_column() {
        let b = book(vec![
            (located(1, "Ali", "Ankara", ""), vec![buy(5, 500)]),
            (located(2, "Berk", "ANKARA", ""), vec![buy(5, 400)]),
            (located(3, "Cem", "Van", ""), vec![buy(5, 300)]),
        ]);
        let (f, s) = analyse(&b, &ValueSettings::default());
        let m = matrix(&b, &f, &s, Dimension::City, 2);
        assert_eq!(m.columns, [value("Ankara"), value("Van")]);
        assert!(!m.has_other());
        assert_eq!(m.values().collect::<Vec<_>>(), ["Ankara", "Van"]);
        assert_eq!(column_totals(&m), [2, 1]);
    }

    #[test]
    fn a_customer_counts_in_each_of_its_tags() {
        let tagged = |n, name: &str, tags: &[&str]| {
            let mut c = contact(n, name);
            c.tags = tags.iter().map(|t| t.to_string()).collect();
            c
        };
        let b = book(vec![
            (
                tagged(1, "Ali", &["vip", "VIP", "toptan"]),
                vec![buy(5, 500)],
            ),
            (tagged(2, "Berk", &["Vip"]), vec![buy(5, 400)]),
            (
                tagged(3, "Cem", &["perakende", "toptan", "yeni"]),
                vec![buy(5, 300)],
            ),
            (tagged(4, "Deniz", &[]), vec![buy(5, 200)]),
        ]);
        let (f, s) = analyse(&b, &ValueSettings::default());
        let m = matrix(&b, &f, &s, Dimension::Tag, 2);
        assert_eq!(m.columns, [value("toptan"), value("vip"), Column::Other]);
        assert_eq!(m.values().collect::<Vec<_>>(), ["toptan", "vip"]);
        // Ties by folded name: toptan before vip. Ali in vip (once) and toptan; Cem in
        // toptan and once in Other for two tags beyond the top; Deniz (no tag) in Other.
        assert_eq!(column_totals(&m), [2, 2, 2]);
        let revenue = |col: usize| m.rows.iter().map(|r| r[col].revenue).sum::<i64>();
        assert_eq!((revenue(0), revenue(1), revenue(2)), (800, 900, 500));
    }

    #[test]
    fn matrix_by_organisation_resolves_links() {
        let mut org = contact(9, "Işık Mimarlık");
        org.kind = crate::Kind::Organisation;
        let mut a = contact(1, "Ali");
        a.organisation = Some(Organisation::Linked(org.id));
        let mut b2 = contact(2, "Berk");
        b2.organisation = Some(Organisation::Named("IŞIK MİMARLIK".into()));
        let b = book(vec![
            (org, vec![]),
            (a, vec![buy(5, 500)]),
            (b2, vec![buy(5, 400)]),
        ]);
        let (f, s) = analyse(&b, &ValueSettings::default());
        let m = matrix(&b, &f, &s, Dimension::Organisation, 5);
        assert_eq!(m.columns, [value("Işık Mimarlık")]);
        assert_eq!(column_totals(&m), [2]);
    }

    #[test]
    fn dimensions_read_back_their_names() {
        for d in Dimension::ALL {
            assert_eq!(Dimension::parse(d.as_str()), Some(d));
            assert_eq!(Dimension::parse(&d.as_str().to_uppercase()), Some(d));
        }
        assert_eq!(Dimension::parse(" Company "), Some(Dimension::Organisation));
        assert_eq!(
            Dimension::parse("Organisation"),
            Some(Dimension::Organisation)
        );
        assert_eq!(Dimension::parse("colour"), None);
    }

    #[test]
    fn a_cells_query_names_its_tier_and_column() {
        let m = Matrix {
            columns: vec![
                Column::Value("İstanbul".into()),
                Column::Value("Ankara Merkez".into()),
                Column::Other,
            ],
            rows: Default::default(),
        };
        assert_eq!(
            m.cell_query(Dimension::City, Tier::A, 0),
            "tier:A city:İstanbul"
        );
        assert_eq!(
            m.cell_query(Dimension::City, Tier::B, 1),
            "tier:B city:\"Ankara Merkez\""
        );
        assert_eq!(
            m.cell_query(Dimension::Tag, Tier::D, 2),
            "tier:D -tag:İstanbul -tag:\"Ankara Merkez\""
        );
        assert_eq!(m.cell_query(Dimension::City, Tier::C, 3), "tier:C");
    }
}
