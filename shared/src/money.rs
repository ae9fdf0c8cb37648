//! Money: an `i64` amount in minor units plus an ISO 4217 currency. No floats anywhere; arithmetic is
//! checked and never panics; rounding is half away from zero with `i128` intermediates; sums never
//! mix currencies. Formatting and parsing of major-unit text (`-12.50`) is exact integer arithmetic.

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a money operation or a currency/amount parse failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoneyError {
    /// Two amounts of different currencies were combined.
    CurrencyMismatch,
    /// The result does not fit in an `i64` of minor units.
    Overflow,
    /// The text is not a supported ISO 4217 currency code.
    InvalidCurrency,
    /// The text is not a valid amount for the currency.
    InvalidAmount,
    /// A proportional split was asked with a zero denominator.
    DivisionByZero,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyError::CurrencyMismatch => "amounts have different currencies",
            MoneyError::Overflow => "amount out of range",
            MoneyError::InvalidCurrency => "unknown or malformed currency code",
            MoneyError::InvalidAmount => "invalid amount",
            MoneyError::DivisionByZero => "division by zero",
        })
    }
}

impl std::error::Error for MoneyError {}

/// An ISO 4217 currency code from the supported set (three ASCII uppercase letters, stored inline).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// One supported currency: code, minor-unit exponent and display symbol.
struct CurrencyInfo {
    currency: Currency,
    exponent: u32,
    symbol: Option<&'static str>,
}

const fn info(code: &[u8; 3], exponent: u32, symbol: Option<&'static str>) -> CurrencyInfo {
    CurrencyInfo { currency: Currency(*code), exponent, symbol }
}

/// The supported currencies, in alphabetical order of code.
const KNOWN: [CurrencyInfo; 22] = [
    info(b"AUD", 2, None),
    info(b"BHD", 3, None),
    info(b"BRL", 2, None),
    info(b"CAD", 2, None),
    info(b"CHF", 2, None),
    info(b"CZK", 2, None),
    info(b"DKK", 2, None),
    info(b"EUR", 2, Some("€")),
    info(b"GBP", 2, Some("£")),
    info(b"HKD", 2, None),
    info(b"INR", 2, Some("₹")),
    info(b"JPY", 0, Some("¥")),
    info(b"KRW", 0, Some("₩")),
    info(b"KWD", 3, None),
    info(b"MXN", 2, None),
    info(b"NOK", 2, None),
    info(b"NZD", 2, None),
    info(b"PLN", 2, None),
    info(b"SEK", 2, None),
    info(b"SGD", 2, None),
    info(b"USD", 2, Some("$")),
    info(b"ZAR", 2, None),
];

/// Every supported currency, in alphabetical order of code.
const ALL: [Currency; 22] = {
    let mut all = [Currency(*b"USD"); 22];
    let mut i = 0;
    while i < KNOWN.len() {
        all[i] = KNOWN[i].currency;
        i += 1;
    }
    all
};

impl Currency {
    /// Australian dollar.
    pub const AUD: Currency = Currency(*b"AUD");
    /// Bahraini dinar (three decimals).
    pub const BHD: Currency = Currency(*b"BHD");
    /// Brazilian real.
    pub const BRL: Currency = Currency(*b"BRL");
    /// Canadian dollar.
    pub const CAD: Currency = Currency(*b"CAD");
    /// Swiss franc.
    pub const CHF: Currency = Currency(*b"CHF");
    /// Czech koruna.
    pub const CZK: Currency = Currency(*b"CZK");
    /// Danish krone.
    pub const DKK: Currency = Currency(*b"DKK");
    /// Euro.
    pub const EUR: Currency = Currency(*b"EUR");
    /// Pound sterling.
    pub const GBP: Currency = Currency(*b"GBP");
    /// Hong Kong dollar.
    pub const HKD: Currency = Currency(*b"HKD");
    /// Indian rupee.
    pub const INR: Currency = Currency(*b"INR");
    /// Japanese yen (no decimals).
    pub const JPY: Currency = Currency(*b"JPY");
    /// South Korean won (no decimals).
    pub const KRW: Currency = Currency(*b"KRW");
    /// Kuwaiti dinar (three decimals).
    pub const KWD: Currency = Currency(*b"KWD");
    /// Mexican peso.
    pub const MXN: Currency = Currency(*b"MXN");
    /// Norwegian krone.
    pub const NOK: Currency = Currency(*b"NOK");
    /// New Zealand dollar.
    pub const NZD: Currency = Currency(*b"NZD");
    /// Polish złoty.
    pub const PLN: Currency = Currency(*b"PLN");
    /// Swedish krona.
    pub const SEK: Currency = Currency(*b"SEK");
    /// Singapore dollar.
    pub const SGD: Currency = Currency(*b"SGD");
    /// United States dollar.
    pub const USD: Currency = Currency(*b"USD");
    /// South African rand.
    pub const ZAR: Currency = Currency(*b"ZAR");

    /// Parses a supported ISO 4217 code (exactly three uppercase letters, e.g. `"USD"`).
    pub fn parse(code: &str) -> Result<Currency, MoneyError> {
        let bytes: [u8; 3] = code.as_bytes().try_into().map_err(|_| MoneyError::InvalidCurrency)?;
        KNOWN.iter().find(|i| i.currency.0 == bytes).map(|i| i.currency).ok_or(MoneyError::InvalidCurrency)
    }

    /// Every supported currency, in alphabetical order of code (e.g. for a picker).
    pub fn all() -> &'static [Currency] {
        &ALL
    }

    /// The three-letter code, e.g. `"USD"`.
    pub fn as_str(&self) -> &str {
        // Only constructed from the ASCII table above, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Number of minor-unit digits: 2 for USD (cents), 0 for JPY, 3 for BHD.
    pub fn exponent(self) -> u32 {
        self.info().map_or(2, |i| i.exponent)
    }

    /// The unambiguous display symbol (`$`, `€`, `£`, `¥`, `₹`, `₩`), or `None` to show the code.
    pub fn symbol(self) -> Option<&'static str> {
        self.info().and_then(|i| i.symbol)
    }

    fn info(self) -> Option<&'static CurrencyInfo> {
        KNOWN.iter().find(|i| i.currency == self)
    }

    /// 10^exponent: minor units per major unit.
    fn minor_per_major(self) -> u64 {
        10u64.pow(self.exponent())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::parse(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CurrencyVisitor;

        impl Visitor<'_> for CurrencyVisitor {
            type Value = Currency;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a supported ISO 4217 currency code such as \"USD\"")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Currency, E> {
                Currency::parse(v).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }

        deserializer.deserialize_str(CurrencyVisitor)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Currency {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[A-Z]{3}$"))
            .min_length(Some(3))
            .max_length(Some(3))
            .description(Some("ISO 4217 currency code (one of the supported set)"))
            .examples(["USD"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Currency {}

/// An amount of money: integer minor units (cents for USD) in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// The amount in minor units of `currency` (1250 = $12.50, ¥1250, BHD 1.250).
    pub amount_minor: i64,
    /// The currency of the amount.
    pub currency: Currency,
}

/// `round(numer / denom)` with half away from zero; errors on a zero denominator.
fn div_round_half_away(numer: i128, denom: i128) -> Result<i128, MoneyError> {
    if denom == 0 {
        return Err(MoneyError::DivisionByZero);
    }
    let quotient = numer.checked_div(denom).ok_or(MoneyError::Overflow)?;
    let remainder = numer.checked_rem(denom).ok_or(MoneyError::Overflow)?;
    let (r, d) = (remainder.unsigned_abs(), denom.unsigned_abs());
    // |r| >= |d| - |r|  <=>  2|r| >= |d|, without overflow; implies r != 0.
    if r >= d - r {
        let away = if (numer < 0) != (denom < 0) { -1 } else { 1 };
        quotient.checked_add(away).ok_or(MoneyError::Overflow)
    } else {
        Ok(quotient)
    }
}

/// Inserts `,` every three digits from the right of an ASCII digit string.
pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Money {
    /// An amount of `amount_minor` minor units of `currency`.
    pub const fn new(amount_minor: i64, currency: Currency) -> Money {
        Money { amount_minor, currency }
    }

    /// Zero in `currency`.
    pub const fn zero(currency: Currency) -> Money {
        Money { amount_minor: 0, currency }
    }

    /// Whether the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.amount_minor == 0
    }

    /// Whether the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.amount_minor < 0
    }

    /// Whether the amount is above zero.
    pub fn is_positive(&self) -> bool {
        self.amount_minor > 0
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency { Ok(()) } else { Err(MoneyError::CurrencyMismatch) }
    }

    /// `self + other`; errors on a currency mismatch or overflow.
    pub fn checked_add(&self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let amount = self.amount_minor.checked_add(other.amount_minor).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self - other`; errors on a currency mismatch or overflow.
    pub fn checked_sub(&self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let amount = self.amount_minor.checked_sub(other.amount_minor).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self × factor` (e.g. unit price × quantity); errors on overflow.
    pub fn checked_mul(&self, factor: i64) -> Result<Money, MoneyError> {
        let amount = self.amount_minor.checked_mul(factor).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `-self`; errors on overflow (`i64::MIN`).
    pub fn checked_neg(&self) -> Result<Money, MoneyError> {
        let amount = self.amount_minor.checked_neg().ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// Sums amounts that must all be in `currency` (empty → zero); errors on a mismatch or overflow.
    pub fn sum<I>(items: I, currency: Currency) -> Result<Money, MoneyError>
    where
        I: IntoIterator,
        I::Item: Borrow<Money>,
    {
        items.into_iter().try_fold(Money::zero(currency), |total, item| total.checked_add(*item.borrow()))
    }

    /// `round(self × numerator / denominator)`, half away from zero (proration); errors on a zero
    /// denominator or a result out of range.
    pub fn prorate(&self, numerator: i64, denominator: i64) -> Result<Money, MoneyError> {
        let product = i128::from(self.amount_minor) * i128::from(numerator);
        let rounded = div_round_half_away(product, i128::from(denominator))?;
        let amount = i64::try_from(rounded).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `round(self × basis_points / 10000)`, half away from zero (tax: 825 bp = 8.25 %).
    pub fn percent_bp(&self, basis_points: i64) -> Result<Money, MoneyError> {
        self.prorate(basis_points, 10_000)
    }

    /// Sign, integer part and zero-padded fraction digits (empty for exponent 0) of the amount.
    fn major_parts(&self) -> (bool, String, String) {
        let exponent = self.currency.exponent();
        let magnitude = self.amount_minor.unsigned_abs();
        let per_major = self.currency.minor_per_major();
        let integer = (magnitude / per_major).to_string();
        let fraction = if exponent == 0 {
            String::new()
        } else {
            format!("{:0width$}", magnitude % per_major, width = exponent as usize)
        };
        (self.amount_minor < 0, integer, fraction)
    }

    /// The amount in major units, exact, without symbol or grouping: `-12.50`, `1250` (JPY), `1.234` (BHD).
    pub fn to_major_string(&self) -> String {
        let (negative, integer, fraction) = self.major_parts();
        let sign = if negative { "-" } else { "" };
        if fraction.is_empty() { format!("{sign}{integer}") } else { format!("{sign}{integer}.{fraction}") }
    }

    /// Parses major-unit text (`12`, `12.5`, `-12.50`; surrounding whitespace ignored) in `currency`;
    /// rejects more decimals than the currency has, signs other than a leading `-`, and junk.
    pub fn parse_major(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        let text = text.trim();
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (integer, fraction) = match body.split_once('.') {
            Some((integer, fraction)) => (integer, Some(fraction)),
            None => (body, None),
        };
        let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !is_digits(integer) {
            return Err(MoneyError::InvalidAmount);
        }
        let exponent = currency.exponent() as usize;
        let fraction = match fraction {
            None => "",
            Some(f) if is_digits(f) && f.len() <= exponent => f,
            Some(_) => return Err(MoneyError::InvalidAmount),
        };
        let padding = std::iter::repeat_n(b'0', exponent.saturating_sub(fraction.len()));
        let limit = i128::from(i64::MAX) + 1;
        let mut magnitude: i128 = 0;
        for digit in integer.bytes().chain(fraction.bytes()).chain(padding) {
            magnitude = magnitude * 10 + i128::from(digit - b'0');
            if magnitude > limit {
                return Err(MoneyError::Overflow);
            }
        }
        let signed = if negative { -magnitude } else { magnitude };
        let amount = i64::try_from(signed).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(amount, currency))
    }

    /// The amount for people: `$1,250.00`, `-€12.50`, `¥1,250`, `BHD 1.234` (symbol if known, else
    /// code and a space; `,` thousands separators; minus before the symbol).
    pub fn format_display(&self) -> String {
        let (negative, integer, fraction) = self.major_parts();
        let sign = if negative { "-" } else { "" };
        let prefix = match self.currency.symbol() {
            Some(symbol) => symbol.to_string(),
            None => format!("{} ", self.currency.as_str()),
        };
        let grouped = group_thousands(&integer);
        if fraction.is_empty() {
            format!("{sign}{prefix}{grouped}")
        } else {
            format!("{sign}{prefix}{grouped}.{fraction}")
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::USD)
    }

    #[test]
    fn currency_parse_and_metadata() {
        assert_eq!(Currency::parse("USD"), Ok(Currency::USD));
        assert_eq!("EUR".parse::<Currency>(), Ok(Currency::EUR));
        assert_eq!(Currency::parse("GBP"), Ok(Currency::GBP));
        for bad in ["usd", "Usd", "XXX", "US", "USDD", "", "U$D", " USD"] {
            assert_eq!(Currency::parse(bad), Err(MoneyError::InvalidCurrency), "{bad:?}");
        }
        assert_eq!(Currency::USD.as_str(), "USD");
        assert_eq!(Currency::USD.to_string(), "USD");
        assert_eq!(format!("{:?}", Currency::EUR), "Currency(EUR)");
        assert_eq!(Currency::USD.exponent(), 2);
        assert_eq!(Currency::JPY.exponent(), 0);
        assert_eq!(Currency::KRW.exponent(), 0);
        assert_eq!(Currency::BHD.exponent(), 3);
        assert_eq!(Currency::KWD.exponent(), 3);
        assert_eq!(Currency::USD.symbol(), Some("$"));
        assert_eq!(Currency::EUR.symbol(), Some("€"));
        assert_eq!(Currency::GBP.symbol(), Some("£"));
        assert_eq!(Currency::JPY.symbol(), Some("¥"));
        assert_eq!(Currency::BHD.symbol(), None);
        assert_eq!(Currency::CAD.symbol(), None);
    }

    #[test]
    fn every_known_currency_round_trips() -> Result<(), MoneyError> {
        let codes = [
            "USD", "EUR", "GBP", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "JPY", "KRW", "BHD", "KWD",
            "INR", "BRL", "MXN", "NZD", "SGD", "HKD", "ZAR",
        ];
        assert_eq!(Currency::all().len(), codes.len());
        for code in codes {
            let c = Currency::parse(code)?;
            assert_eq!(c.as_str(), code);
            assert!(Currency::all().contains(&c));
        }
        let mut sorted = Currency::all().to_vec();
        sorted.sort();
        assert_eq!(sorted, Currency::all());
        Ok(())
    }

    #[test]
    fn prorate_rounds_half_away_from_zero() {
        let hundred = usd(100);
        assert_eq!(hundred.prorate(1, 3), Ok(usd(33)));
        assert_eq!(hundred.prorate(2, 3), Ok(usd(67)));
        assert_eq!(usd(-100).prorate(1, 3), Ok(usd(-33)));
        assert_eq!(usd(-100).prorate(2, 3), Ok(usd(-67)));
        assert_eq!(usd(5).prorate(1, 2), Ok(usd(3)));
        assert_eq!(usd(-5).prorate(1, 2), Ok(usd(-3)));
        assert_eq!(usd(5).prorate(-1, 2), Ok(usd(-3)));
        assert_eq!(usd(5).prorate(1, -2), Ok(usd(-3)));
        assert_eq!(usd(-5).prorate(-1, 2), Ok(usd(3)));
        assert_eq!(usd(7).prorate(1, 4), Ok(usd(2))); // 1.75
        assert_eq!(usd(5).prorate(1, 4), Ok(usd(1))); // 1.25
        assert_eq!(usd(-5).prorate(1, 4), Ok(usd(-1))); // -1.25
        assert_eq!(usd(1000).prorate(15, 31), Ok(usd(484))); // 483.87
        assert_eq!(usd(0).prorate(1, 3), Ok(usd(0)));
        assert_eq!(usd(100).prorate(1, 0), Err(MoneyError::DivisionByZero));
        // i128 intermediates: the product overflows i64 but the result does not.
        assert_eq!(usd(i64::MAX).prorate(i64::MAX, i64::MAX), Ok(usd(i64::MAX)));
        assert_eq!(usd(i64::MIN).prorate(i64::MIN, i64::MIN), Ok(usd(i64::MIN)));
        assert_eq!(usd(i64::MAX).prorate(2, 1), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MIN).prorate(-1, 1), Err(MoneyError::Overflow));
    }

    #[test]
    fn percent_bp_for_tax() {
        assert_eq!(usd(1000).percent_bp(825), Ok(usd(83))); // 82.5 → 83
        assert_eq!(usd(-1000).percent_bp(825), Ok(usd(-83)));
        assert_eq!(usd(1999).percent_bp(2000), Ok(usd(400))); // 399.8
        assert_eq!(usd(1).percent_bp(4999), Ok(usd(0))); // 0.4999
        assert_eq!(usd(1).percent_bp(5000), Ok(usd(1))); // 0.5
        assert_eq!(usd(12345).percent_bp(10_000), Ok(usd(12345)));
    }

    #[test]
    fn checked_arithmetic() {
        assert_eq!(usd(1250).checked_add(usd(250)), Ok(usd(1500)));
        assert_eq!(usd(1250).checked_sub(usd(2000)), Ok(usd(-750)));
        assert_eq!(usd(1250).checked_mul(3), Ok(usd(3750)));
        assert_eq!(usd(1250).checked_neg(), Ok(usd(-1250)));
        assert_eq!(usd(i64::MAX).checked_add(usd(1)), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MIN).checked_sub(usd(1)), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MAX).checked_mul(2), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MIN).checked_neg(), Err(MoneyError::Overflow));
        let eur = Money::new(1, Currency::EUR);
        assert_eq!(usd(1).checked_add(eur), Err(MoneyError::CurrencyMismatch));
        assert_eq!(usd(1).checked_sub(eur), Err(MoneyError::CurrencyMismatch));
        assert!(Money::zero(Currency::EUR).is_zero());
        assert!(usd(-1).is_negative());
        assert!(!usd(0).is_negative());
        assert!(usd(1).is_positive());
    }

    #[test]
    fn sum_is_single_currency() {
        let items = [usd(100), usd(250), usd(-50)];
        assert_eq!(Money::sum(items, Currency::USD), Ok(usd(300)));
        assert_eq!(Money::sum(items.iter(), Currency::USD), Ok(usd(300)));
        assert_eq!(Money::sum(Vec::<Money>::new(), Currency::JPY), Ok(Money::zero(Currency::JPY)));
        assert_eq!(Money::sum(items, Currency::EUR), Err(MoneyError::CurrencyMismatch));
        let mixed = [usd(100), Money::new(100, Currency::EUR)];
        assert_eq!(Money::sum(mixed, Currency::USD), Err(MoneyError::CurrencyMismatch));
        assert_eq!(Money::sum([usd(i64::MAX), usd(1)], Currency::USD), Err(MoneyError::Overflow));
    }

    #[test]
    fn major_string_formatting() {
        assert_eq!(usd(-1250).to_major_string(), "-12.50");
        assert_eq!(usd(1250).to_major_string(), "12.50");
        assert_eq!(usd(5).to_major_string(), "0.05");
        assert_eq!(usd(-5).to_major_string(), "-0.05");
        assert_eq!(usd(0).to_major_string(), "0.00");
        assert_eq!(Money::new(1250, Currency::JPY).to_major_string(), "1250");
        assert_eq!(Money::new(-1250, Currency::JPY).to_major_string(), "-1250");
        assert_eq!(Money::new(1234, Currency::BHD).to_major_string(), "1.234");
        assert_eq!(Money::new(-7, Currency::BHD).to_major_string(), "-0.007");
        assert_eq!(usd(i64::MIN).to_major_string(), "-92233720368547758.08");
    }

    #[test]
    fn parse_major_round_trips() {
        let cases = [
            (Currency::JPY, vec![0, 1, -1, 1250, -1250, i64::MAX, i64::MIN]),
            (Currency::USD, vec![0, 1, -1, 5, -5, 1250, -1250, 10_000_000, i64::MAX, i64::MIN]),
            (Currency::BHD, vec![0, 1, -1, 7, 1234, -1234, 1_000, i64::MAX, i64::MIN]),
        ];
        for (currency, amounts) in cases {
            for minor in amounts {
                let money = Money::new(minor, currency);
                assert_eq!(Money::parse_major(&money.to_major_string(), currency), Ok(money), "{money:?}");
            }
        }
    }

    #[test]
    fn parse_major_accepts_and_rejects() {
        assert_eq!(Money::parse_major("12", Currency::USD), Ok(usd(1200)));
        assert_eq!(Money::parse_major("12.5", Currency::USD), Ok(usd(1250)));
        assert_eq!(Money::parse_major("-12.50", Currency::USD), Ok(usd(-1250)));
        assert_eq!(Money::parse_major(" 0.07 ", Currency::USD), Ok(usd(7)));
        assert_eq!(Money::parse_major("-0", Currency::USD), Ok(usd(0)));
        assert_eq!(Money::parse_major("1250", Currency::JPY), Ok(Money::new(1250, Currency::JPY)));
        assert_eq!(Money::parse_major("1.2", Currency::BHD), Ok(Money::new(1200, Currency::BHD)));
        for bad in [
            "", "-", ".", "12.", ".5", "-.5", "12.345", "1,250.00", "$12", "12a", "1e3", "+12", "--1", "1.2.3", "- 1",
            "12 .5", "NaN", "0x10",
        ] {
            assert_eq!(Money::parse_major(bad, Currency::USD), Err(MoneyError::InvalidAmount), "{bad:?}");
        }
        assert_eq!(Money::parse_major("1.5", Currency::JPY), Err(MoneyError::InvalidAmount));
        assert_eq!(Money::parse_major("1.2345", Currency::BHD), Err(MoneyError::InvalidAmount));
        assert_eq!(Money::parse_major("92233720368547758.08", Currency::USD), Err(MoneyError::Overflow));
        assert_eq!(
            Money::parse_major("99999999999999999999999999999999999999999", Currency::USD),
            Err(MoneyError::Overflow)
        );
        assert_eq!(Money::parse_major("-92233720368547758.08", Currency::USD), Ok(usd(i64::MIN)));
        assert_eq!(
            Money::parse_major("0000000000000000000000000000000000000000012", Currency::JPY),
            Ok(Money::new(12, Currency::JPY))
        );
    }

    #[test]
    fn display_formatting() {
        assert_eq!(usd(125_000).format_display(), "$1,250.00");
        assert_eq!(Money::new(-1250, Currency::EUR).format_display(), "-€12.50");
        assert_eq!(Money::new(1250, Currency::JPY).format_display(), "¥1,250");
        assert_eq!(Money::new(1234, Currency::BHD).format_display(), "BHD 1.234");
        assert_eq!(Money::new(-1_234_567, Currency::BHD).format_display(), "-BHD 1,234.567");
        assert_eq!(Money::new(99, Currency::GBP).format_display(), "£0.99");
        assert_eq!(usd(123_456_789).format_display(), "$1,234,567.89");
        assert_eq!(usd(10_000).format_display(), "$100.00");
        assert_eq!(Money::new(1_000, Currency::JPY).format_display(), "¥1,000");
        assert_eq!(Money::new(12_345, Currency::CAD).format_display(), "CAD 123.45");
        assert_eq!(usd(-125_000).to_string(), "-$1,250.00");
    }

    #[test]
    fn serde_round_trip() -> Result<(), serde_json::Error> {
        let money = usd(1250);
        let json = serde_json::to_value(money)?;
        assert_eq!(json, serde_json::json!({"amount_minor": 1250, "currency": "USD"}));
        let back: Money = serde_json::from_value(json)?;
        assert_eq!(back, money);
        assert_eq!(serde_json::to_string(&Currency::BHD)?, "\"BHD\"");
        assert_eq!(serde_json::from_str::<Currency>("\"JPY\"")?, Currency::JPY);
        Ok(())
    }

    #[test]
    fn serde_rejects_bad_currency() {
        for bad in ["\"usd\"", "\"XXX\"", "\"US\"", "\"USDD\"", "\"\"", "123", "null"] {
            assert!(serde_json::from_str::<Currency>(bad).is_err(), "{bad}");
        }
        for bad in ["usd", "XXX", "US"] {
            let json = serde_json::json!({"amount_minor": 1, "currency": bad});
            assert!(serde_json::from_value::<Money>(json).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<Money>(r#"{"amount_minor": 1.5, "currency": "USD"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount_minor": 1}"#).is_err());
    }

    #[test]
    fn errors_display() {
        assert_eq!(MoneyError::CurrencyMismatch.to_string(), "amounts have different currencies");
        let err: Box<dyn std::error::Error> = Box::new(MoneyError::Overflow);
        assert_eq!(err.to_string(), "amount out of range");
    }
}
