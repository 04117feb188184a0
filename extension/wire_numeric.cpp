/*
 * The NUMERIC codec straight from a numeric's stored digits
 * (wire_numeric.hpp).
 *
 * A stored numeric is ndigits base-10000 digit groups d[0..n-1] with
 * d[0] counting 10000^weight, a sign and a display scale dscale.  The codec
 * sends |value| * 10^dscale as a big-endian unsigned integer, which is the
 * integer the digit groups spell, times 10^exponent with
 *
 *     exponent = 4 * (weight - ndigits + 1) + dscale.
 *
 * A negative exponent (a last group only partly inside dscale, as 4500 in
 * 123.45) drops -exponent decimal digits from the end: whole groups, then
 * 1 to 3 digits of the last kept group.  Postgres rounds stored values to
 * their dscale, so what is dropped is zeros; were it not, it is truncated,
 * as the numeric_send based encoder of version 1 did.
 */
extern "C" {
#include "postgres.h"

#include "fmgr.h"
}

#include "cdc_stream/wire.h"
#include "wire_bytes.hpp"
#include "wire_numeric.hpp"

/*
 * numeric.c's private layout of NumericData after the varlena header
 * (stable on disk since PostgreSQL 14, which added the infinities): a
 * uint16 header, then for the long form an int16 weight, then the digits.
 */
#define NUMERIC_SIGN_MASK 0xC000
#define NUMERIC_NEG 0x4000
#define NUMERIC_SHORT 0x8000
#define NUMERIC_SPECIAL 0xC000
#define NUMERIC_EXT_SIGN_MASK 0xF000
#define NUMERIC_NAN 0xC000
#define NUMERIC_PINF 0xD000
#define NUMERIC_NINF 0xF000
#define NUMERIC_SHORT_SIGN_MASK 0x2000
#define NUMERIC_SHORT_DSCALE_MASK 0x1F80
#define NUMERIC_SHORT_DSCALE_SHIFT 7
#define NUMERIC_SHORT_WEIGHT_SIGN_MASK 0x0040
#define NUMERIC_SHORT_WEIGHT_MASK 0x003F
#define NUMERIC_DSCALE_MASK 0x3FFF
#define NUMERIC_DEC_DIGITS 4

static const uint64 powers_of_ten[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
	10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL
};

#define MAX_UINT64_POWER_OF_TEN 19

static uint16
read_uint16(const char *bytes)
{
	uint16		value;

	memcpy(&value, bytes, sizeof(value));
	return value;
}

void
numeric_parts(const struct varlena *value, NumericParts *parts)
{
	const char *body = VARDATA_ANY(value);
	int			length = VARSIZE_ANY_EXHDR(value);
	uint16		header = read_uint16(body);
	int			header_bytes;

	parts->dscale = 0;
	parts->weight = 0;
	parts->ndigits = 0;
	parts->digits = body;
	switch (header & NUMERIC_SIGN_MASK)
	{
		case NUMERIC_SPECIAL:
			parts->kind = (header & NUMERIC_EXT_SIGN_MASK) == NUMERIC_NAN ? CDC_NUMERIC_NAN :
				(header & NUMERIC_EXT_SIGN_MASK) == NUMERIC_PINF ? CDC_NUMERIC_PINF : CDC_NUMERIC_NINF;
			return;
		case NUMERIC_SHORT:
			parts->kind = (header & NUMERIC_SHORT_SIGN_MASK) ? CDC_NUMERIC_NEGATIVE : CDC_NUMERIC_POSITIVE;
			parts->dscale = (header & NUMERIC_SHORT_DSCALE_MASK) >> NUMERIC_SHORT_DSCALE_SHIFT;
			parts->weight = ((header & NUMERIC_SHORT_WEIGHT_SIGN_MASK) ? ~NUMERIC_SHORT_WEIGHT_MASK : 0) |
				(header & NUMERIC_SHORT_WEIGHT_MASK);
			header_bytes = sizeof(uint16);
			break;
		default:
			parts->kind = (header & NUMERIC_SIGN_MASK) == NUMERIC_NEG ? CDC_NUMERIC_NEGATIVE : CDC_NUMERIC_POSITIVE;
			parts->dscale = header & NUMERIC_DSCALE_MASK;
			parts->weight = (int16) read_uint16(body + sizeof(uint16));
			header_bytes = sizeof(uint16) + sizeof(int16);
	}
	parts->digits = body + header_bytes;
	parts->ndigits = (length - header_bytes) / (int) sizeof(int16);
}

static uint64
digit_group(const NumericParts *parts, int i)
{
	return read_uint16(parts->digits + i * sizeof(int16));
}

/*
 * How the digit groups become |value| * 10^dscale: the first kept groups
 * spell the integer, the last of them loses cut trailing decimal digits,
 * then it is multiplied by 10^exponent.
 */
struct Scaling
{
	int			kept;			/* digit groups used, may be <= 0 */
	int			cut;			/* 0..3 */
	int			exponent;		/* >= 0 */
};

static Scaling
scaling_of(const NumericParts *parts)
{
	Scaling		result;
	int			exponent = NUMERIC_DEC_DIGITS * (parts->weight - parts->ndigits + 1) + parts->dscale;

	result.kept = parts->ndigits;
	result.cut = 0;
	result.exponent = exponent;
	if (exponent < 0)
	{
		result.kept -= -exponent / NUMERIC_DEC_DIGITS;
		result.cut = -exponent % NUMERIC_DEC_DIGITS;
		result.exponent = 0;
	}
	return result;
}

/* Decimal digits of the magnitude, at most. */
static int
magnitude_decimal_digits(const Scaling *scaling)
{
	return scaling->kept <= 0 ? 0 : NUMERIC_DEC_DIGITS * scaling->kept + scaling->exponent;
}

/* Group i's contribution: multiply what came before by *factor, add the result. */
static uint64
scaled_group(const NumericParts *parts, const Scaling *scaling, int i, uint64 *factor)
{
	uint64		group = digit_group(parts, i);

	*factor = powers_of_ten[NUMERIC_DEC_DIGITS];
	if (i == scaling->kept - 1 && scaling->cut > 0)
	{
		*factor = powers_of_ten[NUMERIC_DEC_DIGITS - scaling->cut];
		group /= powers_of_ten[scaling->cut];
	}
	return group;
}

/* The magnitude as a uint64; false if it does not fit. */
static bool
magnitude_uint64(const NumericParts *parts, const Scaling *scaling, uint64 *result)
{
	uint64		value = 0;

	for (int i = 0; i < scaling->kept; i++)
	{
		uint64		factor;
		uint64		group = scaled_group(parts, scaling, i, &factor);

		if (__builtin_mul_overflow(value, factor, &value) ||
			__builtin_add_overflow(value, group, &value))
			return false;
	}
	if (value != 0 && scaling->exponent > 0 &&
		(scaling->exponent > MAX_UINT64_POWER_OF_TEN ||
		 __builtin_mul_overflow(value, powers_of_ten[scaling->exponent], &value)))
		return false;
	*result = value;
	return true;
}

static char *
put_uint64_magnitude(char *out, uint64 magnitude)
{
	int			nbytes = magnitude == 0 ? 0 : (64 - __builtin_clzll(magnitude) + 7) / 8;

	out = raw_uvarint(out, (uint64) nbytes);
	return raw_fixed_be(out, magnitude, nbytes);
}

/* A non-negative integer as little-endian 32-bit limbs, for big magnitudes. */
struct Limbs
{
	uint32	   *limbs;
	int			count;
};

static void
limbs_multiply_add(Limbs *m, uint32 factor, uint32 addend)
{
	uint64		carry = addend;

	for (int i = 0; i < m->count; i++)
	{
		uint64		product = (uint64) m->limbs[i] * factor + carry;

		m->limbs[i] = (uint32) product;
		carry = product >> 32;
	}
	if (carry != 0)
		m->limbs[m->count++] = (uint32) carry;
}

static char *
put_big_magnitude(char *out, const NumericParts *parts, const Scaling *scaling)
{
	Limbs		m;
	int			nbytes;

	/* a 32-bit limb holds more than 9 decimal digits */
	m.limbs = (uint32 *) palloc(sizeof(uint32) * (magnitude_decimal_digits(scaling) / 9 + 2));
	m.count = 0;
	for (int i = 0; i < scaling->kept; i++)
	{
		uint64		factor;
		uint64		group = scaled_group(parts, scaling, i, &factor);

		limbs_multiply_add(&m, (uint32) factor, (uint32) group);
	}
	for (int exponent = scaling->exponent; exponent > 0 && m.count > 0; exponent -= Min(exponent, 9))
		limbs_multiply_add(&m, (uint32) powers_of_ten[Min(exponent, 9)], 0);

	/* big-endian, without leading zero bytes */
	nbytes = m.count * 4;
	while (nbytes > 0 && ((m.limbs[(nbytes - 1) / 4] >> (((nbytes - 1) % 4) * 8)) & 0xFF) == 0)
		nbytes--;
	out = raw_uvarint(out, (uint64) nbytes);
	for (int i = nbytes - 1; i >= 0; i--)
		*out++ = (char) ((m.limbs[i / 4] >> ((i % 4) * 8)) & 0xFF);
	pfree(m.limbs);
	return out;
}

int
numeric_wire_bound(const NumericParts *parts)
{
	Scaling		scaling = scaling_of(parts);

	/*
	 * head (dscale < 2^14: 3 bytes), length (3 bytes), magnitude: 10^d
	 * needs d * log256(10) < d / 2 bytes, plus one.
	 */
	return 3 + 3 + magnitude_decimal_digits(&scaling) / 2 + 1;
}

char *
numeric_put(char *out, const NumericParts *parts)
{
	Scaling		scaling;
	uint64		magnitude;

	out = raw_uvarint(out, ((uint64) parts->dscale << CDC_NUMERIC_KIND_BITS) | parts->kind);
	if (parts->kind != CDC_NUMERIC_POSITIVE && parts->kind != CDC_NUMERIC_NEGATIVE)
		return out;
	scaling = scaling_of(parts);
	if (magnitude_uint64(parts, &scaling, &magnitude))
		return put_uint64_magnitude(out, magnitude);
	return put_big_magnitude(out, parts, &scaling);
}
