//! Folding for search: case and diacritics are ignored the Turkish way, so that `sule`
//! finds "Şule", `istanbul` finds "İSTANBUL" and `isik` finds "IŞIK".
//!
//! The four Turkish i's (I, ı, İ, i) all fold to `i`: a user typing on a keyboard without
//! Turkish letters must still find everyone.

/// Base letter for U+00C0..=U+017F (Latin-1 Supplement and Latin Extended-A).
/// `?` marks a letter that folds to two letters (see `expand`), `*` one kept as it is.
const LATIN_BASE: &[u8; 192] = b"aaaaaa?ceeeeiiiidnooooo*ouuuuy??aaaaaa?ceeeeiiiidnooooo*ouuuuy?y\
aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkklllllll\
lllnnnnnnnnnoooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

fn expand(c: char) -> Option<&'static str> {
    Some(match c {
        'Æ' | 'æ' => "ae",
        'Þ' | 'þ' => "th",
        'ß' => "ss",
        'Ĳ' | 'ĳ' => "ij",
        'Œ' | 'œ' => "oe",
        _ => return None,
    })
}

/// Appends the folded form of `s` to `out` (no allocation per call when `out` is reused).
pub fn fold_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            'a'..='z' | '0'..='9' | ' ' => out.push(c),
            c if c.is_ascii() => out.push(c),
            // Combining marks (e.g. the dot of a decomposed "i̇") carry no meaning for search.
            '\u{0300}'..='\u{036F}' => {}
            '\u{00C0}'..='\u{017F}' => {
                let base = LATIN_BASE[c as usize - 0xC0];
                match base {
                    b'?' => out.push_str(expand(c).unwrap_or("")),
                    b'*' => out.push(c),
                    b => out.push(b as char),
                }
            }
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// The folded form of `s`: lower case, Turkish i's merged, diacritics removed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    fn check(input: &str, expected: &str) {
        assert_eq!(fold(input), expected, "fold({input:?})");
    }

    #[test]
    fn turkish_letters_fold_to_ascii() {
        check("Şule", "sule");
        check("İSTANBUL", "istanbul");
        check("İstanbul", "istanbul");
        check("IŞIK", "isik");
        check("Işık", "isik");
        check("ÇĞÖÜ çğöü", "cgou cgou");
        check("Ağaoğlu", "agaoglu");
    }

    #[test]
    fn other_latin_letters_lose_their_diacritics() {
        check("Crème Brûlée", "creme brulee");
        check("Straße", "strasse");
        check("Łódź", "lodz");
        check("Æsir", "aesir");
        check("i\u{307}", "i"); // decomposed dotted i
    }

    #[test]
    fn other_scripts_are_lowercased_and_kept() {
        check("ΑΒΓ", "αβγ");
        check("مرحبا", "مرحبا");
        check("😀 Emoji", "😀 emoji");
        check("2×3", "2×3");
    }

    #[test]
    fn table_has_one_entry_per_code_point() {
        assert_eq!(super::LATIN_BASE.len(), 0x180 - 0xC0);
    }
}
