// The database's collation and character classification (pg_database's
// datcollate and datctype), so text ordering, upper() and lower() match
// what Postgres computes for the same values.
#pragma once

#include <locale.h>

#include <string>
#include <string_view>

namespace cdc::engine {

class Collation {
   public:
    // "C" and "POSIX" compare bytes; other names go to newlocale(3).
    // Throws std::runtime_error if the locale is not installed here.
    Collation(const std::string& collate, const std::string& ctype);
    ~Collation();
    Collation(const Collation&) = delete;
    Collation& operator=(const Collation&) = delete;

    // Postgres' varstr_cmp: strcoll, ties broken by bytes.
    int compare(std::string_view a, std::string_view b) const;
    std::string upper(std::string_view text) const;
    std::string lower(std::string_view text) const;

   private:
    bool bytewise_;
    locale_t collate_ = nullptr;
    locale_t ctype_ = nullptr;
};

}  // namespace cdc::engine
