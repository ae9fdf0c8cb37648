//! Catalogues from one declaration: a closed set of named values whose wire name, stored name,
//! parsing, listing and display are derived once, so adding a value is one edit.

/// Declares an enum of named values. Each variant carries its wire (and stored) name; the macro
/// derives serde with those names, `ALL`, `as_str`, `parse`, `Display`, `FromStr` and, with the
/// `openapi` feature, the schema (a string enum).
///
/// ```
/// shared::string_enum! {
///     /// A colour.
///     pub enum Colour {
///         /// Red.
///         Red = "red",
///         /// Dark blue.
///         DarkBlue = "dark_blue",
///     }
/// }
/// assert_eq!(Colour::parse("dark_blue"), Some(Colour::DarkBlue));
/// assert_eq!(Colour::ALL.len(), 2);
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] #[cfg_attr(feature = "openapi", schema(rename = $wire))] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($wire),+].len()] = [$($name::$variant),+];

            /// The wire and stored name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire ),+
                }
            }

            /// Parses a wire or stored name.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $( $wire => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl core::str::FromStr for $name {
            type Err = $crate::catalogue::UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s).ok_or($crate::catalogue::UnknownName)
            }
        }
    };
}

/// A name that is not in a catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownName;

impl core::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("unknown name")
    }
}

impl std::error::Error for UnknownName {}

#[cfg(test)]
mod tests {
    string_enum! {
        /// A test catalogue.
        pub enum Fruit {
            /// An apple.
            Apple = "apple",
            /// A blood orange.
            BloodOrange = "blood_orange",
        }
    }

    #[test]
    fn names_round_trip() {
        for f in Fruit::ALL {
            assert_eq!(Fruit::parse(f.as_str()), Some(f));
            assert_eq!(serde_json::to_string(&f).ok(), Some(format!("\"{f}\"")));
            assert_eq!(f.as_str().parse::<Fruit>(), Ok(f));
        }
        assert_eq!(Fruit::parse("Apple"), None);
        assert!(serde_json::from_str::<Fruit>("\"pear\"").is_err());
    }
}
