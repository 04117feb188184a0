// Expected values are Postgres 15's, for COLLATE "C" and for a database
// created with LC_COLLATE and LC_CTYPE C.UTF-8.
#include "engine/collation.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace cdc::engine {
namespace {

TEST(Collation, CComparesBytesAndMapsAsciiOnly) {
    Collation c("C", "C");
    EXPECT_EQ(c.upper("éa"), "éA");
    EXPECT_EQ(c.lower("ÉA"), "Éa");
    EXPECT_GT(c.compare("é", "z"), 0);
    EXPECT_LT(c.compare("B", "a"), 0);
    EXPECT_LT(c.compare("ab", "abc"), 0);
    EXPECT_EQ(c.compare("ab", "ab"), 0);
}

TEST(Collation, LocaleMapsEveryLetter) {
    Collation utf8("C.UTF-8", "C.UTF-8");
    EXPECT_EQ(utf8.upper("éaß"), "ÉAß");
    EXPECT_EQ(utf8.lower("ÉA"), "éa");
    EXPECT_GT(utf8.compare("é", "z"), 0);
    EXPECT_LT(utf8.compare("ab", "abc"), 0);
}

TEST(Collation, MissingLocaleIsAnError) {
    EXPECT_THROW(Collation("xx_NOT_INSTALLED.UTF-8", "C"), std::runtime_error);
}

}  // namespace
}  // namespace cdc::engine
