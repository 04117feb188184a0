// For unit tests: a state store in a fresh temporary directory, removed
// with it, and rows loaded into a table copy as a snapshot loads them.
#pragma once

#include "state/store.hpp"
#include "state/table_state.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace cdc::state::test {

class TestStore {
   public:
    TestStore() {
        std::string pattern = (std::filesystem::temp_directory_path() / "cdc-store-test.XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        directory_ = pattern;
        reopen();
    }
    ~TestStore() {
        store_.reset();
        std::filesystem::remove_all(directory_);
    }
    Store& store() { return *store_; }
    std::string path() const { return directory_ + "/store"; }
    // As a restart finds it: what was committed, nothing pending.
    Store& reopen() {
        store_.reset();
        store_ = Store::open(path(), 16 << 20);
        return *store_;
    }

   private:
    std::string directory_;
    std::unique_ptr<Store> store_;
};

inline void load_rows(TableState& table, const std::vector<Row>& rows) {
    TableState::Loader loader(table);
    for (const Row& row : rows) loader.add(row);
    loader.finish();
}

}  // namespace cdc::state::test
