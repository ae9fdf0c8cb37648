//! Usage quantities: non-negative decimals with at most three decimals, held as `i64` thousandths.
//! On the wire a quantity is a JSON number (`3`, `1.5`, `0.125`); it is read from the number's
//! own text and written back in the same decimal form, so no float ever holds one.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// Thousandths in one unit.
const MILLI: i64 = 1_000;

/// A usage quantity in thousandths of its metric's unit (`1.5` is 1,500).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quantity(i64);

/// Why a number is not a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityError {
    /// The value is not a JSON number.
    NotANumber,
    /// The number is below zero.
    Negative,
    /// The number has more than three decimals.
    TooPrecise,
    /// The number is above [`Quantity::MAX_UNITS`].
    TooLarge,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuantityError::NotANumber => "the quantity must be a JSON number",
            QuantityError::Negative => "the quantity must not be negative",
            QuantityError::TooPrecise => "the quantity has more than 3 decimals",
            QuantityError::TooLarge => "the quantity is above 1,000,000,000",
        })
    }
}

impl std::error::Error for QuantityError {}

impl Quantity {
    /// Zero.
    pub const ZERO: Quantity = Quantity(0);
    /// The largest quantity one event may report, in units.
    pub const MAX_UNITS: i64 = 1_000_000_000;

    /// A quantity of `milli` thousandths (`None` below zero).
    pub fn from_milli(milli: i64) -> Option<Quantity> {
        (milli >= 0).then_some(Quantity(milli))
    }

    /// The quantity in thousandths.
    pub fn milli(self) -> i64 {
        self.0
    }

    /// The sum, saturating at `i64::MAX` thousandths.
    pub fn saturating_add(self, other: Quantity) -> Quantity {
        Quantity(self.0.saturating_add(other.0))
    }

    /// Reads the text of a JSON value as a quantity: a number, not negative, at most three
    /// decimals (exponents included: `1.5e2` is 150, `15e-1` is 1.5), at most
    /// [`Quantity::MAX_UNITS`]. Exact: no float is involved.
    pub fn parse_json_number(text: &str) -> Result<Quantity, QuantityError> {
        let text = text.trim();
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match body.find(['e', 'E']) {
            Some(i) => (&body[..i], Some(&body[i + 1..])),
            None => (body, None),
        };
        let (int_part, frac_part) = match mantissa.split_once('.') {
            Some((i, f)) => (i, f),
            None => (mantissa, ""),
        };
        let digits_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let frac_ok = frac_part.is_empty() && !mantissa.contains('.') || digits_ok(frac_part);
        if !digits_ok(int_part) || !frac_ok || (int_part.len() > 1 && int_part.starts_with('0')) {
            return Err(QuantityError::NotANumber);
        }
        let digits: String = format!("{int_part}{frac_part}");
        if digits.bytes().all(|b| b == b'0') {
            // Zero, whatever its sign or exponent (once the exponent is a number).
            return match exponent.map(parse_exponent) {
                Some(None) => Err(QuantityError::NotANumber),
                _ => Ok(Quantity::ZERO),
            };
        }
        if negative {
            return Err(QuantityError::Negative);
        }
        let exponent = match exponent {
            None => 0,
            Some(e) => parse_exponent(e).ok_or(QuantityError::NotANumber)?,
        };
        // value = digits × 10^(exponent − decimals); in thousandths, × 10^3 more.
        let significant = digits.trim_start_matches('0');
        let trimmed = significant.trim_end_matches('0');
        let trailing_zeros = i64::try_from(significant.len() - trimmed.len()).unwrap_or(0);
        let decimals = i64::try_from(frac_part.len()).unwrap_or(i64::MAX);
        let shift = exponent.saturating_sub(decimals).saturating_add(3).saturating_add(trailing_zeros);
        if shift < 0 {
            return Err(QuantityError::TooPrecise);
        }
        let length = i64::try_from(trimmed.len()).unwrap_or(i64::MAX);
        if length.saturating_add(shift) > 19 {
            return Err(QuantityError::TooLarge);
        }
        let mut milli: i64 = trimmed.parse().map_err(|_| QuantityError::TooLarge)?;
        for _ in 0..shift {
            milli = milli.checked_mul(10).ok_or(QuantityError::TooLarge)?;
        }
        if milli > Self::MAX_UNITS * MILLI {
            return Err(QuantityError::TooLarge);
        }
        Ok(Quantity(milli))
    }
}

/// An exponent's digits with their optional sign, bounded (beyond ±10,000 the value is zero or
/// too large either way).
fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.trim_start_matches('0');
    let value: i64 = if magnitude.len() > 5 { 10_000 } else { magnitude.parse().unwrap_or(0).min(10_000) };
    Some(if negative { -value } else { value })
}

/// The decimal form: `1.5`, `3`, `0.125` (no trailing zeros, no exponent).
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (units, milli) = (self.0 / MILLI, self.0 % MILLI);
        if milli == 0 {
            return write!(f, "{units}");
        }
        let frac = format!("{milli:03}");
        write!(f, "{units}.{}", frac.trim_end_matches('0'))
    }
}

/// Written as a JSON number in decimal form.
impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.to_string()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// Read from the JSON number's own text (see [`Quantity::parse_json_number`]).
impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        Quantity::parse_json_number(raw.get()).map_err(D::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Quantity {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::Number))
            .minimum(Some(0))
            .maximum(Some(Quantity::MAX_UNITS))
            .description(Some(
                "A quantity in the metric's unit: a JSON number, not negative, with at most 3 decimals (read from its text, never as a float)",
            ))
            .examples([serde_json::json!(1.5)])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Quantity {}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Result<i64, QuantityError> {
        Quantity::parse_json_number(text).map(Quantity::milli)
    }

    #[test]
    fn numbers_read_exactly() {
        assert_eq!(q("3"), Ok(3_000));
        assert_eq!(q("1.5"), Ok(1_500));
        assert_eq!(q("0.125"), Ok(125));
        assert_eq!(q("1.500"), Ok(1_500));
        assert_eq!(q("1.5000"), Ok(1_500), "trailing zeros are not decimals");
        assert_eq!(q("0"), Ok(0));
        assert_eq!(q("-0"), Ok(0));
        assert_eq!(q("0.000"), Ok(0));
        assert_eq!(q("1.5e2"), Ok(150_000));
        assert_eq!(q("15E-1"), Ok(1_500));
        assert_eq!(q("1e-3"), Ok(1));
        assert_eq!(q("1000000000"), Ok(1_000_000_000_000));
        assert_eq!(q("999999999.999"), Ok(999_999_999_999));
        assert_eq!(q("0e99999999999"), Ok(0));
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(q("1.2345"), Err(QuantityError::TooPrecise));
        assert_eq!(q("1e-4"), Err(QuantityError::TooPrecise));
        assert_eq!(q("12345678901234.5678"), Err(QuantityError::TooPrecise));
        assert_eq!(q("-1"), Err(QuantityError::Negative));
        assert_eq!(q("-0.001"), Err(QuantityError::Negative));
        assert_eq!(q("1000000000.001"), Err(QuantityError::TooLarge));
        assert_eq!(q("1e400"), Err(QuantityError::TooLarge));
        assert_eq!(q("99999999999999999999999"), Err(QuantityError::TooLarge));
        for bad in ["\"3\"", "null", "true", "{}", "[1]", "01", "1.", ".5", "1e", "1e+", "", "NaN"] {
            assert_eq!(q(bad), Err(QuantityError::NotANumber), "{bad:?}");
        }
    }

    #[test]
    fn written_in_decimal_form() {
        let text = |milli| Quantity::from_milli(milli).map(|q| q.to_string()).unwrap_or_default();
        assert_eq!(text(1_500), "1.5");
        assert_eq!(text(3_000), "3");
        assert_eq!(text(125), "0.125");
        assert_eq!(text(10), "0.01");
        assert_eq!(text(0), "0");
        assert_eq!(Quantity::from_milli(-1), None);
        let json = serde_json::to_string(&[Quantity(1_500), Quantity(2_000)]).unwrap_or_default();
        assert_eq!(json, "[1.5,2]");
        let back: Vec<Quantity> = serde_json::from_str("[1.5, 2, 0.001]").unwrap_or_default();
        assert_eq!(back, [Quantity(1_500), Quantity(2_000), Quantity(1)]);
        assert!(serde_json::from_str::<Quantity>("1.0001").is_err());
    }
}
