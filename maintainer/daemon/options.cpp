#include "daemon/options.hpp"

#include "core/version.hpp"
#include "metrics/http_server.hpp"

#include <boost/program_options.hpp>
#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace cdc::daemon {
namespace po = boost::program_options;

namespace {

// Postgres' NAMEDATALEN - 1, less room for "_sync_<pid>" (a Linux pid has
// at most 7 digits): the temporary slots of snapshots must fit as well.
constexpr size_t slot_name_max = 63 - 13;

// librdkafka properties the exactly-once delivery sets itself (sink/kafka.cpp)
constexpr std::array reserved_properties = {"transactional.id", "enable.idempotence", "isolation.level",
                                            "enable.auto.commit", "enable.partition.eof"};

// The numeric options as given: signed, so that a negative one is refused
// instead of wrapping around in an unsigned type.
struct Numbers {
    long long checkpoint_seconds = 10;
    long long status_seconds = 10;
    long long batch_max_messages = 10000;
    long long batch_delay_ms = 200;
    long long memory_budget_mb = 256;
};

struct Raw {
    std::string config_file;
    std::string kafka_config_file;
    std::vector<std::string> properties;
    Numbers numbers;
};

po::options_description describe(Options& options, Raw& raw) {
    po::options_description description(
        "cdc-maintainer: maintains the views defined with cdc_stream.add_view and writes every change\n"
        "of every view to its Kafka topic.\n\nUsage: cdc-maintainer --dsn DSN (--kafka-brokers HOSTS | --kafka-mock) [options]\n\nOptions");
    description.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("config,c", po::value(&raw.config_file), "read options from FILE too (\"name = value\" lines; the command line wins)")
        ("dsn,d", po::value(&options.dsn), "libpq connection string or URI of the database whose views to maintain")
        ("slot,s", po::value(&options.slot)->default_value(options.slot),
         "logical replication slot (created with plugin cdc_stream if missing)")
        ("kafka-brokers,b", po::value(&options.kafka_brokers), "Kafka bootstrap servers, host:port[,host:port...]")
        ("kafka-mock", po::bool_switch(&options.kafka_mock),
         "start librdkafka's mock cluster in this process and print its bootstrap address on stdout")
        ("kafka-property,X", po::value(&raw.properties)->composing(),
         "a librdkafka property name=value, e.g. security.protocol=SASL_SSL (repeatable)")
        ("kafka-config", po::value(&raw.kafka_config_file),
         "read librdkafka properties from FILE (\"name=value\" lines, # comments): the place for secrets")
        ("state-dir", po::value(&options.state_dir)->default_value(options.state_dir),
         "directory for the state store, <slot>.store (created if missing)")
        ("memory-budget", po::value(&raw.numbers.memory_budget_mb)->default_value(256),
         "megabytes for the state store's cache and write buffers (the views' operator state is extra)")
        ("progress-topic", po::value(&options.progress_topic)->default_value(options.progress_topic),
         "Kafka topic recording which source LSN the committed messages cover")
        ("checkpoint-interval", po::value(&raw.numbers.checkpoint_seconds)->default_value(10),
         "seconds between syncs of the state store; the slot is confirmed up to the last one")
        ("status-interval", po::value(&raw.numbers.status_seconds)->default_value(10),
         "seconds between standby status updates to Postgres and reports to cdc_stream.maintainers")
        ("batch-max-messages", po::value(&raw.numbers.batch_max_messages)->default_value(10000),
         "most messages in one Kafka transaction (source transactions are never split)")
        ("batch-max-delay-ms", po::value(&raw.numbers.batch_delay_ms)->default_value(200),
         "longest a change waits for more of the stream before its Kafka transaction is committed (it waits only while more keeps arriving: once the stream is caught up it is sent at once)")
        ("metrics-address", po::value(&options.metrics_address),
         "serve Prometheus metrics (/metrics) and a readiness check (/healthz) over HTTP at host:port, "
         "e.g. 127.0.0.1:9816 (port 0: any free one, logged); off unless given");
    return description;
}

std::pair<std::string, std::string> split_property(const std::string& text) {
    size_t equals = text.find('=');
    if (equals == std::string::npos || equals == 0) {
        throw std::invalid_argument("--kafka-property needs name=value, got \"" + text + "\"");
    }
    return {text.substr(0, equals), text.substr(equals + 1)};
}

std::string trimmed(const std::string& text) {
    size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// A librdkafka properties file, as kcat and the Java clients read one.  Its
// errors name the line, never its text: the line may hold a secret.
void read_kafka_config(const std::string& path, std::vector<std::pair<std::string, std::string>>& properties) {
    std::ifstream file(path);
    if (!file) throw std::invalid_argument("cannot read Kafka config file " + path);
    int number = 0;
    for (std::string line; std::getline(file, line);) {
        ++number;
        line = trimmed(line);
        if (line.empty() || line[0] == '#') continue;
        size_t equals = line.find('=');
        if (equals == std::string::npos || trimmed(line.substr(0, equals)).empty()) {
            throw std::invalid_argument("Kafka config file " + path + " line " + std::to_string(number) +
                                        ": not name=value");
        }
        properties.emplace_back(trimmed(line.substr(0, equals)), trimmed(line.substr(equals + 1)));
    }
}

long long at_least(const char* option, long long value, long long least) {
    if (value < least) {
        throw std::invalid_argument(std::string("--") + option + " must be " +
                                    (least == 1   ? std::string("positive")
                                     : least == 0 ? std::string("zero or more")
                                                  : "at least " + std::to_string(least)) +
                                    ", got " + std::to_string(value));
    }
    return value;
}

void set_numbers(Options& options, const Numbers& numbers) {
    options.checkpoint_interval = std::chrono::seconds(at_least("checkpoint-interval", numbers.checkpoint_seconds, 1));
    options.status_interval = std::chrono::seconds(at_least("status-interval", numbers.status_seconds, 1));
    options.batch_max_messages = static_cast<size_t>(at_least("batch-max-messages", numbers.batch_max_messages, 1));
    options.batch_max_delay = std::chrono::milliseconds(at_least("batch-max-delay-ms", numbers.batch_delay_ms, 0));
    options.memory_budget = static_cast<size_t>(at_least("memory-budget", numbers.memory_budget_mb, 16)) << 20;
}

void check_slot(const std::string& slot) {
    if (slot.empty() || slot.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
        throw std::invalid_argument("--slot must be lower case letters, digits and underscores, got \"" + slot + "\"");
    }
    if (slot.size() > slot_name_max) {
        throw std::invalid_argument("--slot must be at most " + std::to_string(slot_name_max) +
                                    " bytes (Postgres allows 63, and snapshots need room for <slot>_sync_<pid>), got " +
                                    std::to_string(slot.size()));
    }
}

void check_properties(const std::vector<std::pair<std::string, std::string>>& properties) {
    for (const auto& [name, value] : properties) {
        if (std::find(reserved_properties.begin(), reserved_properties.end(), name) != reserved_properties.end()) {
            throw std::invalid_argument("Kafka property " + name +
                                        " is set by cdc-maintainer itself: exactly-once delivery depends on it");
        }
    }
}

void check(const Options& options) {
    if (options.dsn.empty()) throw std::invalid_argument("--dsn is required (a libpq connection string)");
    if (options.kafka_mock == !options.kafka_brokers.empty()) {
        throw std::invalid_argument("give exactly one of --kafka-brokers and --kafka-mock");
    }
    check_slot(options.slot);
    if (!options.metrics_address.empty()) metrics::parse_endpoint(options.metrics_address);  // throws if malformed
    check_properties(options.kafka_properties);
}

// librdkafka properties whose values are secrets (sasl.password,
// ssl.key.password, ssl.key.pem, sasl.oauthbearer.client.secret, ...)
bool is_secret_property(const std::string& name) {
    return name.find("password") != std::string::npos || name.find("secret") != std::string::npos ||
           name.starts_with("ssl.key") || name.starts_with("ssl_key") || name == "sasl.oauthbearer.config";
}

std::string dsn_password(const std::string& dsn) {
    PQconninfoOption* parsed = PQconninfoParse(dsn.c_str(), nullptr);
    std::string password;
    for (PQconninfoOption* option = parsed; option && option->keyword; ++option) {
        if (std::string(option->keyword) == "password" && option->val) password = option->val;
    }
    PQconninfoFree(parsed);
    return password;
}

}  // namespace

std::optional<Options> parse_options(int argc, const char* const argv[]) {
    Options options;
    Raw raw;
    po::options_description description = describe(options, raw);
    po::variables_map values;
    try {
        po::store(po::parse_command_line(argc, argv, description), values);
        if (values.count("config")) {
            std::ifstream file(values["config"].as<std::string>());
            if (!file) throw std::invalid_argument("cannot read config file " + values["config"].as<std::string>());
            po::store(po::parse_config_file(file, description), values);
        }
        po::notify(values);
    } catch (const po::error& error) {
        throw std::invalid_argument(error.what());
    }
    if (values.count("help")) {
        std::cout << description << std::endl;
        return std::nullopt;
    }
    if (values.count("version")) {
        std::cout << "cdc-maintainer " << maintainer_version << std::endl;
        return std::nullopt;
    }
    // the file first: -X on the command line wins, as librdkafka takes the last value
    if (!raw.kafka_config_file.empty()) read_kafka_config(raw.kafka_config_file, options.kafka_properties);
    for (const std::string& property : raw.properties) options.kafka_properties.push_back(split_property(property));
    set_numbers(options, raw.numbers);
    check(options);
    return options;
}

std::string Options::mask_secrets(std::string text) const {
    std::vector<std::string> secrets = {dsn_password(dsn)};
    for (const auto& [name, value] : kafka_properties) {
        if (is_secret_property(name)) secrets.push_back(value);
    }
    for (const std::string& secret : secrets) {
        if (secret.empty()) continue;
        for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 8)) {
            text.replace(at, secret.size(), "********");
        }
    }
    return text;
}

}  // namespace cdc::daemon
