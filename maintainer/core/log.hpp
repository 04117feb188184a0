// Logging to stderr, one line per event, with a UTC timestamp and a level.
// stdout is reserved for what scripts read (the mock cluster's address).
#pragma once

#include <string>

namespace cdc {

enum class LogLevel { Debug, Info, Warning, Error };

void set_log_level(LogLevel level);
void log(LogLevel level, const std::string& message);

inline void log_info(const std::string& message) { log(LogLevel::Info, message); }
inline void log_warning(const std::string& message) { log(LogLevel::Warning, message); }
inline void log_error(const std::string& message) { log(LogLevel::Error, message); }

}  // namespace cdc
