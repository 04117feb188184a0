/*
 * The one boundary between Postgres and C++ in the extension.
 *
 * Every function Postgres calls (output plugin callbacks, SQL functions)
 * runs its body through cdc_guard().  A C++ exception is caught, its message
 * copied into a stack buffer, and ereport(ERROR) is raised only after the
 * catch block has ended, so the longjmp never unwinds through a live
 * exception object.
 *
 * The other direction needs no wrapper because of a rule the extension
 * keeps: code that calls Postgres functions (which may ereport and longjmp)
 * holds no C++ object with a non-trivial destructor.  It uses palloc,
 * StringInfo, List and memory contexts, as Postgres' own code does.
 *
 * Include after postgres.h.
 */
#ifndef CDC_STREAM_GUARD_HPP
#define CDC_STREAM_GUARD_HPP

#include <exception>

template <typename Body>
static inline auto
cdc_guard(const char *where, Body body) -> decltype(body())
{
	char		message[512];

	try
	{
		return body();
	}
	catch (const std::exception &e)
	{
		strlcpy(message, e.what(), sizeof(message));
	}
	catch (...)
	{
		strlcpy(message, "unknown C++ exception", sizeof(message));
	}
	ereport(ERROR,
			(errcode(ERRCODE_INTERNAL_ERROR),
			 errmsg("cdc_stream: internal error in %s: %s", where, message)));
	pg_unreachable();
}

#endif							/* CDC_STREAM_GUARD_HPP */
