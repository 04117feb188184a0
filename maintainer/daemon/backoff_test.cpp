// Reconnect delays: they double up to the cap and start over after a reset,
// so a daemon whose every reconnect succeeded never waits the cap.
#include "daemon/backoff.hpp"

#include <gtest/gtest.h>

namespace cdc::daemon {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, DoublesUpToTheCapAndStartsOverAfterAReset) {
    Backoff backoff(milliseconds(1000), milliseconds(30000));
    for (int wait : {1000, 2000, 4000, 8000, 16000, 30000, 30000}) EXPECT_EQ(backoff.next(), milliseconds(wait));
    backoff.reset();
    EXPECT_EQ(backoff.next(), milliseconds(1000));
    EXPECT_EQ(backoff.next(), milliseconds(2000));
}

}  // namespace
}  // namespace cdc::daemon
