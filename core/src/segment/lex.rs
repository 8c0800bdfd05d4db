//! Splitting a query into words: the one tokenizer both the parser and the filter menus'
//! edits use, so they always agree on where a word begins and ends.

/// One whitespace-separated word: where it is, as typed, and its characters with whether
/// each was inside quotes (the quotes themselves left out).
#[derive(Debug)]
pub(super) struct Word<'a> {
    /// Character (not byte) offsets in the query, end exclusive.
    pub(super) start: usize,
    pub(super) end: usize,
    /// The word as typed, quotes included: a slice of the query.
    pub(super) raw: &'a str,
    pub(super) chars: Vec<(char, bool)>,
}

/// The query's words. Whitespace separates words except inside double quotes, so a quoted
/// part keeps its spaces. A quote left open makes the rest of the query, trailing
/// whitespace included, the last word; the second value is then the character offset of
/// that quote (the parser refuses the query, the menus' edits keep the word as typed).
pub(super) fn lex(query: &str) -> (Vec<Word<'_>>, Option<usize>) {
    let mut out = Vec::new();
    let mut it = query.char_indices().enumerate().peekable();
    while let Some(&(i, (byte, c))) = it.peek() {
        if c.is_whitespace() {
            it.next();
            continue;
        }
        let mut w = Word {
            start: i,
            end: i,
            raw: "",
            chars: Vec::new(),
        };
        let mut end_byte = byte;
        let mut open: Option<usize> = None;
        while let Some(&(j, (b, c))) = it.peek() {
            if open.is_none() && c.is_whitespace() {
                break;
            }
            it.next();
            w.end = j + 1;
            end_byte = b + c.len_utf8();
            if c == '"' {
                open = match open {
                    Some(_) => None,
                    None => Some(j),
                };
            } else {
                w.chars.push((c, open.is_some()));
            }
        }
        w.raw = &query[byte..end_byte];
        out.push(w);
        // An open quote took everything up to the end of the query.
        if open.is_some() {
            return (out, open);
        }
    }
    (out, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Summary = (usize, usize, String, String, String);

    /// Each word as (start, end, raw, its characters without quotes, which of them were
    /// quoted as `q`), and the open quote.
    fn summary(query: &str) -> (Vec<Summary>, Option<usize>) {
        let (words, open) = lex(query);
        let words = words
            .into_iter()
            .map(|w| {
                let text = w.chars.iter().map(|&(c, _)| c).collect();
                let quoted = w
                    .chars
                    .iter()
                    .map(|&(_, q)| if q { 'q' } else { '.' })
                    .collect();
                (w.start, w.end, w.raw.to_string(), text, quoted)
            })
            .collect();
        (words, open)
    }

    fn word(start: usize, end: usize, raw: &str, text: &str, quoted: &str) -> Summary {
        (start, end, raw.into(), text.into(), quoted.into())
    }

    #[test]
    fn words_keep_quoted_spaces_and_count_characters() {
        assert_eq!(summary(""), (vec![], None));
        assert_eq!(summary(" \t "), (vec![], None));
        // Positions count characters: İ, ğ, ı, ş and ç are two bytes each.
        assert_eq!(
            summary("  İğdır şehir:\"New  York\"\tışık"),
            (
                vec![
                    word(2, 7, "İğdır", "İğdır", "....."),
                    word(
                        8,
                        25,
                        "şehir:\"New  York\"",
                        "şehir:New  York",
                        "......qqqqqqqqq"
                    ),
                    word(26, 30, "ışık", "ışık", "...."),
                ],
                None
            )
        );
        // A quote may start or end inside a word; an empty pair leaves no character.
        assert_eq!(
            summary("a\"b c\"d \"\" -ş:\"ı,i\""),
            (
                vec![
                    word(0, 7, "a\"b c\"d", "ab cd", ".qqq."),
                    word(8, 10, "\"\"", "", ""),
                    word(11, 19, "-ş:\"ı,i\"", "-ş:ı,i", "...qqq"),
                ],
                None
            )
        );
    }

    #[test]
    fn an_open_quote_takes_the_rest_of_the_query() {
        // The quote's character offset, and the rest of the query as one word, trailing
        // whitespace included.
        assert_eq!(
            summary("ğ şehir:\"açık  x:y  "),
            (
                vec![
                    word(0, 1, "ğ", "ğ", "."),
                    word(
                        2,
                        20,
                        "şehir:\"açık  x:y  ",
                        "şehir:açık  x:y  ",
                        "......qqqqqqqqqqq"
                    ),
                ],
                Some(8)
            )
        );
        // A closed pair before the open quote is still a closed pair.
        let (words, open) = lex("\"a b\" c\"d e");
        assert_eq!(
            words.iter().map(|w| w.raw).collect::<Vec<_>>(),
            ["\"a b\"", "c\"d e"]
        );
        assert_eq!(open, Some(7));
        assert_eq!(lex("\"").1, Some(0));
    }

    proptest! {
        #[test]
        fn words_are_the_query_in_order(q in "[-a-zİışğ:\" \t,]{0,30}") {
            let (words, open) = lex(&q);
            let chars: Vec<char> = q.chars().collect();
            let mut after = 0;
            for (n, w) in words.iter().enumerate() {
                prop_assert!(after <= w.start && w.start < w.end);
                prop_assert!(chars[after..w.start].iter().all(|c| c.is_whitespace()));
                let typed: String = chars[w.start..w.end].iter().collect();
                prop_assert_eq!(&typed, w.raw);
                let unquoted: String = w.raw.chars().filter(|&c| c != '"').collect();
                prop_assert_eq!(unquoted, w.chars.iter().map(|&(c, _)| c).collect::<String>());
                let last = n + 1 == words.len();
                if !(last && open.is_some()) {
                    prop_assert_eq!(w.raw.matches('"').count() % 2, 0);
                }
                after = w.end;
            }
            prop_assert!(chars[after..].iter().all(|c| c.is_whitespace()));
            if let Some(at) = open {
                let w = words.last().unwrap();
                prop_assert_eq!(w.end, chars.len());
                prop_assert!(w.start <= at && chars[at] == '"');
            }
        }
    }
}
