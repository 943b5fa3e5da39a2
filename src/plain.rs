//! Serde's error messages in the words a user knows: `expected u8` names a Rust type, so it
//! becomes `expected a whole number`. The range is left to the check that knows the field's
//! own (an `overall` is 0 to 100, not 0 to 255).

/// The type names serde's messages use after "expected", and what each means to a user.
const TYPES: [(&str, &str); 14] = [
    ("u8", "a whole number"),
    ("u16", "a whole number"),
    ("u32", "a whole number"),
    ("u64", "a whole number"),
    ("usize", "a whole number"),
    ("i8", "a whole number"),
    ("i16", "a whole number"),
    ("i32", "a whole number"),
    ("i64", "a whole number"),
    ("isize", "a whole number"),
    ("f32", "a number"),
    ("f64", "a number"),
    ("a sequence", "a list"),
    ("a map", "a table of keys and values"),
];

/// What Rust's number parsing says (query strings are read with it), and what it means.
const PARSE_ERRORS: [(&str, &str); 3] = [
    ("invalid digit found in string", "not a whole number"),
    (
        "number too large to fit in target type",
        "a number too large",
    ),
    (
        "cannot parse integer from empty string",
        "empty, where a number goes",
    ),
];

/// `message` with each Rust type name after "expected" put in words; anything else is kept.
pub fn types_in_words(message: &str) -> String {
    let mut message = message.to_string();
    for (said, words) in PARSE_ERRORS {
        if message.contains(said) {
            message = message.replace(said, words);
        }
    }
    let mut out = String::with_capacity(message.len());
    let mut rest = message.as_str();
    while let Some(at) = rest.find("expected ") {
        let after = at + "expected ".len();
        out.push_str(&rest[..after]);
        rest = &rest[after..];
        let named = TYPES.iter().find(|(name, _)| {
            rest.strip_prefix(name)
                .is_some_and(|tail| !tail.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        });
        if let Some((name, words)) = named {
            out.push_str(words);
            rest = &rest[name.len()..];
        } else if let Some(tail) = rest.strip_prefix("struct ") {
            // "expected struct Attempt": the shape, not the type, is what the user can fix.
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(tail.len());
            out.push_str("an object");
            rest = &tail[end..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::types_in_words;

    #[test]
    fn rust_type_names_after_expected_become_words() {
        assert_eq!(
            types_in_words("invalid value: integer `-3`, expected u8 at line 1 column 14"),
            "invalid value: integer `-3`, expected a whole number at line 1 column 14"
        );
        assert_eq!(
            types_in_words("invalid type: string \"a\", expected i64"),
            "invalid type: string \"a\", expected a whole number"
        );
        assert_eq!(
            types_in_words("invalid type: integer `1`, expected struct Attempt at line 1"),
            "invalid type: integer `1`, expected an object at line 1"
        );
        assert_eq!(
            types_in_words("invalid type: map, expected a sequence"),
            "invalid type: map, expected a list"
        );
        assert_eq!(
            types_in_words("limit: invalid digit found in string"),
            "limit: not a whole number"
        );
    }

    #[test]
    fn other_words_after_expected_are_kept() {
        for kept in [
            "invalid type: integer `1`, expected a string",
            "expected u8s", // not a type name on its own
            "unknown field `x`, expected one of `draft`, `question`",
            "expected ",
            "nothing expected here: u8",
        ] {
            assert_eq!(types_in_words(kept), kept);
        }
    }
}
