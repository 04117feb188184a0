// A plan the maintainer cannot use.  The message names the JSON path of the
// bad field ("root.input.exprs[2].fn"), so a broken catalog row or a plan
// from a newer extension is found at once.
#pragma once

#include <stdexcept>
#include <string>

namespace cdc::plan {

class PlanError : public std::runtime_error {
   public:
    PlanError(const std::string& path, const std::string& message)
        : std::runtime_error(path + ": " + message), path_(path) {}
    const std::string& path() const { return path_; }

   private:
    std::string path_;
};

}  // namespace cdc::plan
