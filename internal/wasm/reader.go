package wasm

import (
	"fmt"
	"unicode/utf8"
)

// reader reads the bytes b[pos:end] of the whole file b, so that every
// offset it reports is a file offset. Every read is bounds-checked against
// end; none panics.
type reader struct {
	b   []byte
	pos int
	end int
}

func (r *reader) errorf(at int, format string, args ...any) error {
	return &DecodeError{Offset: at, Msg: fmt.Sprintf(format, args...)}
}

func (r *reader) eof() bool { return r.pos >= r.end }

func (r *reader) byte() (byte, error) {
	if r.pos >= r.end {
		return 0, r.errorf(r.pos, "unexpected end")
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

// bytes returns the next n bytes (a slice of the file, not a copy).
func (r *reader) bytes(n uint32) ([]byte, error) {
	if uint64(n) > uint64(r.end-r.pos) {
		return nil, r.errorf(r.pos, "%d bytes wanted, %d left", n, r.end-r.pos)
	}
	s := r.b[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return s, nil
}

// sub returns a reader for the next n bytes and skips them.
func (r *reader) sub(n uint32) (*reader, error) {
	start := r.pos
	if _, err := r.bytes(n); err != nil {
		return nil, err
	}
	return &reader{b: r.b, pos: start, end: r.pos}, nil
}

// uleb reads an unsigned LEB128 number of at most bits bits (spec §5.2.2).
func (r *reader) uleb(bits uint) (uint64, error) {
	start := r.pos
	var v uint64
	for shift := uint(0); ; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		if shift+7 > bits && (c&0x7f)>>(bits-shift) != 0 {
			return 0, r.errorf(start, "integer too large for %d bits", bits)
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
		if shift+7 >= bits {
			return 0, r.errorf(start, "integer representation too long")
		}
	}
}

// sleb reads a signed LEB128 number of at most bits bits.
func (r *reader) sleb(bits uint) (int64, error) {
	start := r.pos
	var v int64
	for shift := uint(0); ; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		if shift+7 > bits {
			// The unused bits of the last byte must all copy the sign bit.
			used := bits - shift
			top := (c & 0x7f) >> (used - 1)
			if top != 0 && top != 0x7f>>(used-1) {
				return 0, r.errorf(start, "integer too large for %d bits", bits)
			}
		}
		v |= int64(c&0x7f) << shift
		if c&0x80 == 0 {
			if shift+7 < 64 && c&0x40 != 0 {
				v |= -1 << (shift + 7)
			}
			return v, nil
		}
		if shift+7 >= bits {
			return 0, r.errorf(start, "integer representation too long")
		}
	}
}

func (r *reader) u32() (uint32, error) {
	v, err := r.uleb(32)
	return uint32(v), err
}

// count reads a vector length and checks that each of its elements, at
// least min bytes long, could fit in what is left.
func (r *reader) count(min int) (uint32, error) {
	at := r.pos
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if uint64(n)*uint64(min) > uint64(r.end-r.pos) {
		return 0, r.errorf(at, "vector of %d elements does not fit in the %d bytes left", n, r.end-r.pos)
	}
	return n, nil
}

func (r *reader) name() (string, error) {
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	at := r.pos
	b, err := r.bytes(n)
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", r.errorf(at, "name is not UTF-8")
	}
	return string(b), nil
}

func (r *reader) valType() (ValType, error) {
	at := r.pos
	c, err := r.byte()
	if err != nil {
		return 0, err
	}
	if !validValType(c) {
		return 0, r.errorf(at, "invalid value type 0x%02x", c)
	}
	return ValType(c), nil
}

func (r *reader) zero() error {
	at := r.pos
	c, err := r.byte()
	if err != nil {
		return err
	}
	if c != 0 {
		return r.errorf(at, "zero byte expected, got 0x%02x", c)
	}
	return nil
}
