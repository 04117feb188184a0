// cdc-maintainer's configuration: command line and an optional config file
// (the same option names, one "name = value" per line), by Boost.Program_options,
// and librdkafka properties from -X and an optional Kafka config file.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cdc::daemon {

struct Options {
    std::string dsn;
    std::string slot = "cdc_stream";
    std::string kafka_brokers;
    bool kafka_mock = false;
    std::vector<std::pair<std::string, std::string>> kafka_properties;
    std::string state_dir = "cdc-maintainer-state";
    std::string progress_topic = "cdc_stream.progress";
    std::chrono::seconds checkpoint_interval{10};
    std::chrono::seconds status_interval{10};
    size_t batch_max_messages = 10000;
    std::chrono::milliseconds batch_max_delay{200};
    size_t memory_budget = size_t{256} << 20;  // bytes
    std::string metrics_address;               // host:port of /metrics and /healthz; none: off

    std::string store_path() const { return state_dir + "/" + slot + ".store"; }
    // where cdc-maintainer 0.1 kept its single-file checkpoint
    std::string old_checkpoint_path() const { return state_dir + "/" + slot + ".checkpoint"; }
    std::string origin_name() const { return "cdc_stream_" + slot; }
    // text with every secret it was given (the DSN's password, librdkafka
    // properties named like *password*, *secret*, ssl.key*) replaced by
    // asterisks: for whatever goes into a log or an error message
    std::string mask_secrets(std::string text) const;
};

// Parsed options, or nullopt after printing help or version (exit 0).
// Throws std::invalid_argument with a message for bad input.
std::optional<Options> parse_options(int argc, const char* const argv[]);

}  // namespace cdc::daemon
