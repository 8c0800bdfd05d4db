//! Sorting by the Turkish alphabet: A B C Ç D E F G Ğ H I İ J K L M N O Ö P R S Ş T U Ü V
//! Y Z (with Q, W and X where the Latin alphabet puts them). Case is ignored first and
//! decides only between otherwise equal names; letters with other diacritics sort with
//! their base letter.

use std::cmp::Ordering;

/// The Turkish alphabet in lower case, with q, w, x added in their Latin places.
const ALPHABET: [char; 32] = [
    'a', 'b', 'c', 'ç', 'd', 'e', 'f', 'g', 'ğ', 'h', 'ı', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ö',
    'p', 'q', 'r', 's', 'ş', 't', 'u', 'ü', 'v', 'w', 'x', 'y', 'z',
];

/// Weights: separators < digits < letters < everything else (by code point).
const DIGIT_BASE: u32 = 0x100;
const LETTER_BASE: u32 = 0x200;
const OTHER_BASE: u32 = 0x1000;

/// A precomputed sort key; compare keys instead of strings when sorting many times.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct CollationKey(Vec<u32>);

impl CollationKey {
    /// The key as a string whose plain code-unit order (how IndexedDB compares strings)
    /// is the key's order: each weight as 5 base-32 digits from an ASCII-ordered alphabet.
    pub fn sortable(&self) -> String {
        const DIGITS: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
        let mut out = String::with_capacity(self.0.len() * 5);
        for &w in &self.0 {
            for shift in (0..5).rev() {
                out.push(DIGITS[((w >> (shift * 5)) & 31) as usize] as char);
            }
        }
        out
    }
}

/// Turkish lower case of one character: `I` → `ı`, `İ` → `i`, the rest as usual.
fn turkish_lower(c: char) -> char {
    match c {
        'I' => 'ı',
        'İ' => 'i',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Primary weight (the letter) and secondary weight (accent, then case).
fn weights(c: char) -> Option<(u32, u32)> {
    let lower = turkish_lower(c);
    let case = u32::from(lower != c);
    if let Some(pos) = ALPHABET.iter().position(|&l| l == lower) {
        return Some((LETTER_BASE + pos as u32, case));
    }
    if lower.is_ascii_digit() {
        return Some((DIGIT_BASE + lower as u32, 0));
    }
    if lower.is_whitespace() || lower.is_ascii_punctuation() {
        // Ignored at the primary level, like most collations do with spaces and dashes:
        // "Ak Yapı" and "Akyapı" sort together.
        return None;
    }
    if ('\u{00C0}'..='\u{017F}').contains(&lower) {
        // Another Latin letter with a diacritic: sort with its base letter, after it.
        let base = super::fold(&lower.to_string());
        if let Some(b) = base.chars().next() {
            if let Some(pos) = ALPHABET.iter().position(|&l| l == b) {
                return Some((LETTER_BASE + pos as u32, 2 + case));
            }
        }
    }
    if ('\u{0300}'..='\u{036F}').contains(&lower) {
        return None;
    }
    Some((OTHER_BASE + lower as u32, case))
}

/// Builds the sort key of `s`: all primary weights, a 0 separator, all secondary weights.
pub fn collation_key(s: &str) -> CollationKey {
    let mut primary = Vec::with_capacity(s.len() * 2 + 1);
    let mut secondary = Vec::with_capacity(s.len());
    for c in s.trim().chars() {
        if let Some((p, sec)) = weights(c) {
            primary.push(p);
            secondary.push(sec);
        }
    }
    primary.push(0);
    primary.extend(secondary);
    CollationKey(primary)
}

/// Compares two strings in Turkish alphabetical order.
pub fn compare(a: &str, b: &str) -> Ordering {
    collation_key(a)
        .cmp(&collation_key(b))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::compare;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        crate::sort::by(&mut v, |a, b| compare(a, b));
        v
    }

    #[test]
    fn turkish_alphabet_order() {
        let alphabet = [
            "A", "B", "C", "Ç", "D", "E", "F", "G", "Ğ", "H", "I", "İ", "J", "K", "L", "M", "N",
            "O", "Ö", "P", "R", "S", "Ş", "T", "U", "Ü", "V", "Y", "Z",
        ];
        let mut shuffled = alphabet.to_vec();
        shuffled.reverse();
        assert_eq!(sorted(&shuffled), alphabet);
    }

    #[test]
    fn names_sort_as_a_turkish_reader_expects() {
        assert_eq!(
            sorted(&[
                "Şule", "Selin", "Çelik", "Cem", "İpek", "Ilgaz", "Zeynep", "Ömer", "Orhan"
            ]),
            ["Cem", "Çelik", "Ilgaz", "İpek", "Orhan", "Ömer", "Selin", "Şule", "Zeynep"]
        );
    }

    #[test]
    fn case_only_breaks_ties() {
        assert_eq!(
            sorted(&["ayşe", "Ayşe", "Ahmet"]),
            ["Ahmet", "ayşe", "Ayşe"]
        );
        assert_eq!(
            sorted(&["ırmak", "Irmak", "ismail"]),
            ["ırmak", "Irmak", "ismail"]
        );
    }

    #[test]
    fn digits_before_letters_and_foreign_accents_with_base_letter() {
        assert_eq!(
            sorted(&["Zed", "3M", "Émile", "Eda", "Fatih"]),
            ["3M", "Eda", "Émile", "Fatih", "Zed"]
        );
    }

    proptest::proptest! {
        /// IndexedDB sorts the stored sortable strings exactly as the app sorts names.
        #[test]
        fn sortable_strings_keep_the_order(a in "\\PC{0,12}", b in "\\PC{0,12}") {
            let (ka, kb) = (super::collation_key(&a), super::collation_key(&b));
            proptest::prop_assert_eq!(ka.cmp(&kb), ka.sortable().cmp(&kb.sortable()));
        }
    }

    #[test]
    fn sortable_handles_turkish_and_astral_characters() {
        let names = [
            "Zeynep", "Şule", "Çağla", "Ilgaz", "İpek", "😀", "Ωmega", "3M",
        ];
        let mut by_key: Vec<&str> = names.to_vec();
        crate::sort::by_key(&mut by_key, |n| super::collation_key(n));
        let mut by_string: Vec<&str> = names.to_vec();
        crate::sort::by_key(&mut by_string, |n| super::collation_key(n).sortable());
        assert_eq!(by_key, by_string);
    }

    #[test]
    fn other_scripts_after_latin() {
        assert_eq!(
            sorted(&["Ωmega", "Zafer", "Ali"]),
            ["Ali", "Zafer", "Ωmega"]
        );
    }
}
