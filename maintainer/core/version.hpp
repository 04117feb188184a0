// cdc-maintainer's version: --version and the build_info metric.
#pragma once

namespace cdc {

inline constexpr const char* maintainer_version = "0.1";

}  // namespace cdc
