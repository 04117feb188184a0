/*
 * Raw writers of the wire format's encodings (include/cdc_stream/wire.h) into
 * a buffer the caller has already grown: the hot path writes a whole tuple
 * after one enlargeStringInfo.
 *
 * Include after postgres.h.
 */
#ifndef CDC_STREAM_WIRE_BYTES_HPP
#define CDC_STREAM_WIRE_BYTES_HPP

/* The most bytes a uvarint or svarint of 64 bits takes. */
#define CDC_MAX_VARINT_BYTES 10

static inline char *
raw_uvarint(char *out, uint64 value)
{
	while (value >= 0x80)
	{
		*out++ = (char) (value | 0x80);
		value >>= 7;
	}
	*out++ = (char) value;
	return out;
}

static inline char *
raw_svarint(char *out, int64 value)
{
	return raw_uvarint(out, ((uint64) value << 1) ^ (uint64) (value >> 63));
}

/* The low nbytes bytes of bits, big-endian. */
static inline char *
raw_fixed_be(char *out, uint64 bits, int nbytes)
{
	for (int shift = (nbytes - 1) * 8; shift >= 0; shift -= 8)
		*out++ = (char) ((bits >> shift) & 0xFF);
	return out;
}

#endif							/* CDC_STREAM_WIRE_BYTES_HPP */
