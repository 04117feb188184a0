/*
 * The NUMERIC codec of the wire format (include/cdc_stream/wire.h), read
 * straight from a numeric's stored form: its base-10000 digit groups,
 * weight, sign and display scale, without numeric_send or a detoasted copy.
 *
 * Include after postgres.h.
 */
#ifndef CDC_STREAM_WIRE_NUMERIC_HPP
#define CDC_STREAM_WIRE_NUMERIC_HPP

/* A stored numeric, taken apart (the fields of numeric.c's NumericData). */
struct NumericParts
{
	int			kind;			/* CdcWireNumericKind */
	int			dscale;			/* display scale; 0 for NaN and infinities */
	int			weight;			/* digit 0 counts 10000^weight */
	int			ndigits;
	const char *digits;			/* ndigits int16 groups, maybe unaligned */
};

/* Reads the numeric whose packed (not detoasted) varlena is value. */
void		numeric_parts(const struct varlena *value, NumericParts *parts);

/* The most bytes numeric_put writes for parts. */
int			numeric_wire_bound(const NumericParts *parts);

/*
 * Writes the NUMERIC codec's value (head, then the magnitude for finite
 * values) at out, which has room for numeric_wire_bound bytes; returns the
 * end of what it wrote.  Values of up to 19 decimal digits take a uint64
 * path; larger ones palloc a scratch bignum in the current memory context.
 */
char	   *numeric_put(char *out, const NumericParts *parts);

#endif							/* CDC_STREAM_WIRE_NUMERIC_HPP */
