#include "daemon/options.hpp"

#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>
#include <stdexcept>

namespace cdc::daemon {
namespace po = boost::program_options;

namespace {

constexpr const char* version = "cdc-maintainer 0.1";

po::options_description describe(Options& options, std::string& config_file,
                                 std::vector<std::string>& properties, int& checkpoint_seconds,
                                 int& status_seconds, int& batch_delay_ms) {
    po::options_description description(
        "cdc-maintainer: maintains the views defined with cdc_stream.add_view and writes every change\n"
        "of every view to its Kafka topic.\n\nUsage: cdc-maintainer --dsn DSN (--kafka-brokers HOSTS | --kafka-mock) [options]\n\nOptions");
    description.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("config,c", po::value(&config_file), "read options from FILE too (\"name = value\" lines; the command line wins)")
        ("dsn,d", po::value(&options.dsn), "libpq connection string or URI of the database whose views to maintain")
        ("slot,s", po::value(&options.slot)->default_value(options.slot),
         "logical replication slot (created with plugin cdc_stream if missing)")
        ("kafka-brokers,b", po::value(&options.kafka_brokers), "Kafka bootstrap servers, host:port[,host:port...]")
        ("kafka-mock", po::bool_switch(&options.kafka_mock),
         "start librdkafka's mock cluster in this process and print its bootstrap address on stdout")
        ("kafka-property,X", po::value(&properties)->composing(),
         "a librdkafka property name=value, e.g. security.protocol=SASL_SSL (repeatable)")
        ("state-dir", po::value(&options.state_dir)->default_value(options.state_dir),
         "directory for checkpoints (created if missing)")
        ("progress-topic", po::value(&options.progress_topic)->default_value(options.progress_topic),
         "Kafka topic recording which source LSN the committed messages cover")
        ("checkpoint-interval", po::value(&checkpoint_seconds)->default_value(10),
         "seconds between checkpoints; the slot is confirmed up to the last one")
        ("status-interval", po::value(&status_seconds)->default_value(10),
         "seconds between standby status updates to Postgres and reports to cdc_stream.maintainers")
        ("batch-max-messages", po::value(&options.batch_max_messages)->default_value(options.batch_max_messages),
         "most messages in one Kafka transaction (source transactions are never split)")
        ("batch-max-delay-ms", po::value(&batch_delay_ms)->default_value(200),
         "longest a change waits before its Kafka transaction is committed");
    return description;
}

std::pair<std::string, std::string> split_property(const std::string& text) {
    size_t equals = text.find('=');
    if (equals == std::string::npos || equals == 0) {
        throw std::invalid_argument("--kafka-property needs name=value, got \"" + text + "\"");
    }
    return {text.substr(0, equals), text.substr(equals + 1)};
}

void check(const Options& options) {
    if (options.dsn.empty()) throw std::invalid_argument("--dsn is required (a libpq connection string)");
    if (options.kafka_mock == !options.kafka_brokers.empty()) {
        throw std::invalid_argument("give exactly one of --kafka-brokers and --kafka-mock");
    }
    if (options.slot.empty() || options.slot.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") !=
                                    std::string::npos) {
        throw std::invalid_argument("--slot must be lower case letters, digits and underscores, got \"" +
                                    options.slot + "\"");
    }
    if (options.checkpoint_interval.count() <= 0 || options.status_interval.count() <= 0 ||
        options.batch_max_messages == 0 || options.batch_max_delay.count() < 0) {
        throw std::invalid_argument("intervals and batch sizes must be positive");
    }
}

}  // namespace

std::optional<Options> parse_options(int argc, const char* const argv[]) {
    Options options;
    std::string config_file;
    std::vector<std::string> properties;
    int checkpoint_seconds = 10, status_seconds = 10, batch_delay_ms = 200;
    po::options_description description =
        describe(options, config_file, properties, checkpoint_seconds, status_seconds, batch_delay_ms);
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
        std::cout << version << std::endl;
        return std::nullopt;
    }
    for (const std::string& property : properties) options.kafka_properties.push_back(split_property(property));
    options.checkpoint_interval = std::chrono::seconds(checkpoint_seconds);
    options.status_interval = std::chrono::seconds(status_seconds);
    options.batch_max_delay = std::chrono::milliseconds(batch_delay_ms);
    check(options);
    return options;
}

}  // namespace cdc::daemon
