// The store: pending writes are read with the committed ones, in key
// order; a reopened store has what was committed, not what was pending.
#include "state/store.hpp"

#include "state/test_store.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace cdc::state {
namespace {

std::vector<std::string> scanned(const Store& store, const std::string& prefix, const std::string& from = "") {
    std::vector<std::string> seen;
    store.scan(prefix, [&](std::string_view key, std::string_view value) {
        seen.push_back(std::string(key) + "=" + std::string(value));
        return true;
    }, from);
    return seen;
}

TEST(Store, PendingWritesAreReadWithCommittedOnes) {
    test::TestStore test;
    Store& store = test.store();
    store.put("a1", "x");
    store.put("a3", "y");
    store.commit();
    store.put("a2", "z");
    store.erase("a3");
    store.put("b1", "other prefix");
    EXPECT_EQ(store.get("a2"), "z");
    EXPECT_EQ(store.get("a3"), std::nullopt);
    EXPECT_EQ(scanned(store, "a"), (std::vector<std::string>{"a1=x", "a2=z"}));
    EXPECT_EQ(scanned(store, "a", "a2"), (std::vector<std::string>{"a2=z"}));
    EXPECT_GT(store.pending_bytes(), 0u);

    Store& reopened = test.reopen();  // the pending writes were never committed
    EXPECT_EQ(scanned(reopened, ""), (std::vector<std::string>{"a1=x", "a3=y"}));
}

TEST(Store, LoadersWriteStraightToTheDatabase) {
    test::TestStore test;
    Store& store = test.store();
    Store::Loader loader(store, 64);
    for (int i = 0; i < 100; ++i) loader.put("k" + std::to_string(1000 + i), std::string(10, 'v'));
    EXPECT_GT(scanned(store, "k").size(), 0u);  // written in batches of about 64 bytes, before finish
    loader.finish();
    EXPECT_EQ(store.pending_bytes(), 0u);
    store.discard_pending();
    EXPECT_EQ(scanned(test.reopen(), "k").size(), 100u);
}

TEST(Store, RangesGoInOneDeletion) {
    test::TestStore test;
    Store& store = test.store();
    for (const char* key : {"r1", "r2", "s1"}) store.put(key, "v");
    store.commit();
    store.erase_committed_range("r", "s");
    EXPECT_EQ(scanned(store, ""), (std::vector<std::string>{"s1=v"}));
}

TEST(Store, KeysOfNumbersSortAsTheNumbers) {
    std::string small, large;
    append_u64_key(small, 255);
    append_u64_key(large, 256);
    EXPECT_LT(small, large);
    EXPECT_EQ(read_u64_key(large), 256u);
    EXPECT_THROW(read_u64_key("short"), StoreError);
}

}  // namespace
}  // namespace cdc::state
