// Failed commands carry their SQLSTATE: what the daemon tells a refusal
// (which a new connection would meet again) from a connection to retry.
#include "source/pg_connection.hpp"

#include <gtest/gtest.h>

namespace cdc::source {
namespace {

// only a permission error stops status reports; a server that restarted
// (57P01 admin_shutdown, 57P02 crash_shutdown) or no SQLSTATE is retried
TEST(ConnectionError, OnlyInsufficientPrivilegeIsARefusal) {
    EXPECT_TRUE(ConnectionError("permission denied for table maintainers", "42501").insufficient_privilege());
    EXPECT_FALSE(ConnectionError("terminating connection", "57P01").insufficient_privilege());
    EXPECT_FALSE(ConnectionError("crash of another server process", "57P02").insufficient_privilege());
    EXPECT_FALSE(ConnectionError("server closed the connection unexpectedly").insufficient_privilege());
}

}  // namespace
}  // namespace cdc::source
