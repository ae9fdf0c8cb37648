//! Whole numbers in request bodies. JSON Schema counts `1.0` as an integer, and so do many JSON
//! encoders (JavaScript's among them), so an integer field accepts any JSON number without a
//! fractional part; `1.5`, `1e400` or a number outside the field's type is still refused.
//!
//! Use it on a field as `#[serde(default, deserialize_with = "crate::whole::option")]`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

/// Largest magnitude a JSON float can hold exactly as an integer (2^53).
const EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

/// An optional whole number: absent or `null` is `None`.
pub fn option<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64> + TryFrom<i64>,
{
    deserializer.deserialize_option(OptionVisitor(PhantomData))
}

/// A whole number.
pub fn number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64> + TryFrom<i64>,
{
    deserializer.deserialize_any(WholeVisitor(PhantomData))
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: TryFrom<u64> + TryFrom<i64>> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        number(d).map(Some)
    }
}

struct WholeVisitor<T>(PhantomData<T>);

impl<T: TryFrom<u64> + TryFrom<i64>> Visitor<'_> for WholeVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        if v.fract() != 0.0 || v.abs() > EXACT_FLOAT {
            return Err(E::invalid_value(de::Unexpected::Float(v), &self));
        }
        // Exact: `v` is whole and within ±2^53.
        #[allow(clippy::cast_possible_truncation)]
        self.visit_i64(v as i64)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Body {
        #[serde(default, deserialize_with = "super::option")]
        n: Option<u32>,
    }

    fn parse(json: &str) -> Result<Option<u32>, String> {
        serde_json::from_str::<Body>(json).map(|b| b.n).map_err(|e| e.to_string())
    }

    #[test]
    fn whole_floats_are_integers() {
        assert_eq!(parse(r#"{"n": 1.0}"#), Ok(Some(1)));
        assert_eq!(parse(r#"{"n": 1e3}"#), Ok(Some(1000)));
        assert_eq!(parse(r#"{"n": 7}"#), Ok(Some(7)));
        assert_eq!(parse(r#"{"n": -0.0}"#), Ok(Some(0)));
    }

    #[test]
    fn absent_and_null_are_none() {
        assert_eq!(parse("{}"), Ok(None));
        assert_eq!(parse(r#"{"n": null}"#), Ok(None));
    }

    #[test]
    fn fractions_and_out_of_range_are_refused() {
        for bad in [
            r#"{"n": 1.5}"#,
            r#"{"n": -1}"#,
            r#"{"n": 4294967296}"#,
            r#"{"n": 1e300}"#,
            r#"{"n": "1"}"#,
            r#"{"n": true}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad} was accepted");
        }
    }
}
