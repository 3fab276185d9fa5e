//! The protocol-buffer wire format, as far as reading an ONNX model needs: fields are walked in
//! order and each is handed out as a number or a byte slice borrowed from the input. No schema, no
//! copies, no code generation (which would need `protoc` at build time).

use crate::ModelError;

/// One field of a message: its number, and its value as the wire carries it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
    Fixed32(u32),
}

impl<'a> Value<'a> {
    pub fn bytes(self) -> Result<&'a [u8], ModelError> {
        match self {
            Value::Bytes(b) => Ok(b),
            _ => Err(ModelError::Malformed("expected a length-delimited field")),
        }
    }

    pub fn varint(self) -> Result<u64, ModelError> {
        match self {
            Value::Varint(v) => Ok(v),
            _ => Err(ModelError::Malformed("expected a varint field")),
        }
    }

    pub fn string(self) -> Result<&'a str, ModelError> {
        std::str::from_utf8(self.bytes()?).map_err(|_| ModelError::Malformed("a name is not UTF-8"))
    }

    /// Repeated int64s: packed (proto3's default) or one per field.
    pub fn push_ints(self, into: &mut Vec<i64>) -> Result<(), ModelError> {
        match self {
            Value::Varint(v) => into.push(v as i64),
            Value::Bytes(mut packed) => {
                while !packed.is_empty() {
                    into.push(read_varint(&mut packed)? as i64);
                }
            }
            _ => return Err(ModelError::Malformed("expected integers")),
        }
        Ok(())
    }
}

/// The fields of one message, in the order they were written.
pub struct Fields<'a> {
    rest: &'a [u8],
}

pub fn fields(message: &[u8]) -> Fields<'_> {
    Fields { rest: message }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u32, Value<'a>), ModelError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let field = next_field(&mut self.rest);
        if field.is_err() {
            // A malformed field ends the walk: nothing after it can be framed.
            self.rest = &[];
        }
        Some(field)
    }
}

fn next_field<'a>(rest: &mut &'a [u8]) -> Result<(u32, Value<'a>), ModelError> {
    let key = read_varint(rest)?;
    let number = u32::try_from(key >> 3).map_err(|_| ModelError::Malformed("field number"))?;
    let value = match key & 7 {
        0 => Value::Varint(read_varint(rest)?),
        1 => Value::Fixed64(u64::from_le_bytes(take(rest, 8)?.try_into().expect("8 bytes"))),
        2 => {
            let len = usize::try_from(read_varint(rest)?).map_err(|_| ModelError::Malformed("length"))?;
            Value::Bytes(take(rest, len)?)
        }
        5 => Value::Fixed32(u32::from_le_bytes(take(rest, 4)?.try_into().expect("4 bytes"))),
        _ => return Err(ModelError::Malformed("unknown wire type")),
    };
    Ok((number, value))
}

fn take<'a>(rest: &mut &'a [u8], len: usize) -> Result<&'a [u8], ModelError> {
    if rest.len() < len {
        return Err(ModelError::Malformed("a field runs past the end"));
    }
    let (head, tail) = rest.split_at(len);
    *rest = tail;
    Ok(head)
}

fn read_varint(rest: &mut &[u8]) -> Result<u64, ModelError> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, tail) = rest.split_first().ok_or(ModelError::Malformed("a number runs past the end"))?;
        *rest = tail;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(ModelError::Malformed("a number longer than ten bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_each_wire_type() {
        // field 1 varint 150; field 2 bytes "hi"; field 3 fixed32 1; field 4 fixed64 2; field 5 packed [1, 300]
        let message = [
            0x08, 0x96, 0x01, 0x12, 2, b'h', b'i', 0x1d, 1, 0, 0, 0, 0x21, 2, 0, 0, 0, 0, 0, 0, 0, 0x2a, 3,
            1, 0xac, 0x02,
        ];
        let got: Vec<_> = fields(&message).collect::<Result<_, _>>().unwrap();
        assert_eq!(got[0], (1, Value::Varint(150)));
        assert_eq!(got[1], (2, Value::Bytes(b"hi")));
        assert_eq!(got[2], (3, Value::Fixed32(1)));
        assert_eq!(got[3], (4, Value::Fixed64(2)));
        let mut ints = Vec::new();
        got[4].1.push_ints(&mut ints).unwrap();
        assert_eq!(ints, [1, 300]);
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        let message = [0x12, 10, b'h'];
        assert!(fields(&message).any(|f| f.is_err()));
        let endless = [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert!(fields(&endless).any(|f| f.is_err()));
    }
}
