//! A small serde deserializer over a parsed [`serde_json::Value`], used to read the stored
//! snapshot ([`super::persist::Snapshot::from_json`]).
//!
//! It reads what `serde_json::from_value` reads (the JSON that `serde_json::to_string` writes:
//! externally tagged enums, maps with string or integer keys) but is built for size: every
//! generic entry point is a few lines that hand a visitor the value's shape, so each of the
//! snapshot's many types costs little code in the wasm build. serde_json's own deserializers
//! (from text or from a `Value`) parse or convert inside each type's copy and weigh several times
//! more (issue #5, page weight).

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::{Map, Value};

/// Deserializer methods that read the same way as `$target`.
macro_rules! forward_to {
    ($target:ident: $($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.$target(visitor)
        })*
    };
}

/// Why a value did not fit the type asked for (the message serde composed).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Deserializes a `T` from a parsed JSON value.
pub fn from_value<'de, T: de::Deserialize<'de>>(value: &'de Value) -> Result<T, Error> {
    T::deserialize(Val(value))
}

/// What a value is, for `invalid type` messages.
fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => de::Unexpected::Unsigned(u),
            (None, Some(i)) => de::Unexpected::Signed(i),
            _ => de::Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

#[derive(Clone, Copy)]
struct Val<'de>(&'de Value);

impl<'de> de::Deserializer<'de> for Val<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
            Value::Object(map) => visitor.visit_map(Entries { iter: map.iter(), value: None }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(Variant { name: s, value: None }),
            Value::Object(map) => match one_entry(map) {
                Some((name, value)) => visitor.visit_enum(Variant { name, value: Some(value) }),
                None => Err(de::Error::invalid_value(de::Unexpected::Map, &"a map with a single key")),
            },
            other => Err(de::Error::invalid_type(unexpected(other), &"a string or a map")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    // What a type asks for is all its visitor is offered: a narrower match than
    // `deserialize_any` keeps each type's copy of this code small.

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Bool(b) => visitor.visit_bool(*b),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                _ => Err(de::Error::invalid_type(unexpected(self.0), &visitor)),
            },
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Number(n) => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_borrowed_str(s),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    /// Structs are read from objects only (what serde_json writes for them).
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Entries { iter: map.iter(), value: None }),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    // Every integer width reads as one, and so on: serde asks by the Rust type.
    forward_to!(deserialize_u64: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8
        deserialize_u16 deserialize_u32);
    forward_to!(deserialize_f64: deserialize_f32);
    forward_to!(deserialize_str: deserialize_char deserialize_string deserialize_identifier);

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    forward_to_deserialize_any! {
        i128 u128 bytes byte_buf
    }
}

fn one_entry(map: &Map<String, Value>) -> Option<(&str, &Value)> {
    let mut entries = map.iter();
    match (entries.next(), entries.next()) {
        (Some((k, v)), None) => Some((k.as_str(), v)),
        _ => None,
    }
}

struct Seq<'de>(std::slice::Iter<'de, Value>);

impl<'de> de::SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|v| seed.deserialize(Val(v))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'de> {
    iter: serde_json::map::Iter<'de>,
    value: Option<&'de Value>,
}

impl<'de> de::MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        match self.iter.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(Key(k)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.value.take() {
            Some(v) => seed.deserialize(Val(v)),
            None => Err(de::Error::custom("a map value without its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// An object's key: a string, or a number or boolean written as one (`{"7": …}` for an integer
/// key, as serde_json writes them).
struct Key<'de>(&'de str);

impl Key<'_> {
    fn parse<T: std::str::FromStr>(&self, what: &'static str) -> Result<T, Error> {
        self.0.parse().map_err(|_| de::Error::invalid_value(de::Unexpected::Str(self.0), &what))
    }
}

macro_rules! parsed_key {
    ($($method:ident => $visit:ident: $ty:ty,)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                visitor.$visit(self.parse::<$ty>(stringify!($ty))?)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Key<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    parsed_key! {
        deserialize_bool => visit_bool: bool,
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    forward_to_deserialize_any! {
        i128 u128 f32 f64 char str string bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

/// An enum variant: its name, and its content unless it is a unit variant written as a string.
struct Variant<'de> {
    name: &'de str,
    value: Option<&'de Value>,
}

impl<'de> de::EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = Content<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Content<'de>), Error> {
        let tag = seed.deserialize(Key(self.name))?;
        Ok((tag, Content(self.value)))
    }
}

struct Content<'de>(Option<&'de Value>);

impl<'de> Content<'de> {
    fn value(self, what: &'static str) -> Result<Val<'de>, Error> {
        self.0.map(Val).ok_or_else(|| de::Error::invalid_type(de::Unexpected::UnitVariant, &what))
    }
}

impl<'de> de::VariantAccess<'de> for Content<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None | Some(Value::Null) => Ok(()),
            Some(other) => Err(de::Error::invalid_type(unexpected(other), &"a unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.value("a newtype variant")?)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self.value("a tuple variant")?, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_map(self.value("a struct variant")?, visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    enum Shape {
        Dot,
        Circle(u32),
        Pair(i64, String),
        Rect { w: u8, h: u8 },
    }

    #[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
    struct Id(i64);

    #[derive(Debug, PartialEq, Deserialize)]
    struct All {
        shapes: Vec<Shape>,
        by_id: BTreeMap<i64, String>,
        by_newtype: BTreeMap<Id, bool>,
        flags: BTreeMap<bool, u8>,
        maybe: Option<f64>,
        absent: Option<String>,
        bytes: Option<Vec<u8>>,
        neg: i32,
    }

    #[test]
    fn reads_what_serde_json_reads() {
        let json = r#"{"shapes":["Dot",{"Circle":3},{"Pair":[-1,"x"]},{"Rect":{"w":1,"h":2}}],
            "by_id":{"-5":"a","7":"b"},"by_newtype":{"9":true},"flags":{"true":1},
            "maybe":1.5,"bytes":[1,2,255],"neg":-3,"extra":{"ignored":[1]}}"#;
        let value: Value = serde_json::from_str(json).unwrap();
        let ours: All = from_value(&value).unwrap();
        let theirs: All = serde_json::from_str(json).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(ours.by_id[&-5], "a");
        assert_eq!(ours.absent, None);
    }

    #[test]
    fn mismatches_are_errors() {
        for json in [
            r#"{"shapes":7}"#,
            r#"{"shapes":[],"by_id":{"x":"a"}}"#,
            r#"{"shapes":["Square"]}"#,
            r#"{"shapes":[{"Circle":1,"Dot":null}]}"#,
            r#"{"shapes":[{"Circle":-1}]}"#,
            r#"{"shapes":["Circle"]}"#,
            "[]",
            "null",
        ] {
            let value: Value = serde_json::from_str(json).unwrap();
            let ours = from_value::<All>(&value);
            assert!(ours.is_err(), "{json} was accepted");
            assert!(serde_json::from_str::<All>(json).is_err(), "{json} is accepted by serde_json");
        }
    }
}
