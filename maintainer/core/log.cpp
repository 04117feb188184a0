#include "core/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace cdc {
namespace {

std::atomic<LogLevel> threshold{LogLevel::Info};
std::mutex output;

const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::Debug: return "DEBUG";
        case LogLevel::Info: return "INFO";
        case LogLevel::Warning: return "WARNING";
        default: return "ERROR";
    }
}

}  // namespace

void set_log_level(LogLevel level) { threshold = level; }

void log(LogLevel level, const std::string& message) {
    if (level < threshold) return;
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc;
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &utc);
    std::lock_guard<std::mutex> lock(output);
    std::fprintf(stderr, "%s.%03lldZ cdc-maintainer %s: %s\n", stamp, static_cast<long long>(millis),
                 level_name(level), message.c_str());
    std::fflush(stderr);
}

}  // namespace cdc
