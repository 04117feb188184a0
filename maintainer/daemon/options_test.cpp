// Command line and config file: defaults, pass-through Kafka properties,
// and bad input refused with a message that says what is wrong.
#include "daemon/options.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace cdc::daemon {
namespace {

std::optional<Options> parse(std::vector<const char*> args) {
    args.insert(args.begin(), "cdc-maintainer");
    return parse_options(static_cast<int>(args.size()), args.data());
}

std::string error_of(std::vector<const char*> args) {
    try {
        parse(std::move(args));
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return "no error";
}

TEST(Options, DefaultsAndPassThrough) {
    std::optional<Options> options =
        parse({"--dsn", "dbname=app", "--kafka-brokers", "k:9092", "-X", "security.protocol=SASL_SSL"});
    ASSERT_TRUE(options.has_value());
    EXPECT_EQ(options->slot, "cdc_stream");
    EXPECT_EQ(options->checkpoint_interval, std::chrono::seconds(10));
    ASSERT_EQ(options->kafka_properties.size(), 1u);
    EXPECT_EQ(options->kafka_properties[0].first, "security.protocol");
    EXPECT_EQ(options->kafka_properties[0].second, "SASL_SSL");
    EXPECT_EQ(options->origin_name(), "cdc_stream_cdc_stream");
}

TEST(Options, ConfigFileAndCommandLine) {
    std::string path = ::testing::TempDir() + "cdc-maintainer.conf";
    std::ofstream(path) << "dsn = dbname=fromfile\nslot = from_file\nkafka-mock = true\n";
    std::optional<Options> options = parse({"--config", path.c_str(), "--slot", "from_command_line"});
    ASSERT_TRUE(options.has_value());
    EXPECT_EQ(options->dsn, "dbname=fromfile");
    EXPECT_EQ(options->slot, "from_command_line");  // the command line wins
    EXPECT_TRUE(options->kafka_mock);
    std::remove(path.c_str());
}

TEST(Options, BadInputIsRefusedClearly) {
    EXPECT_EQ(error_of({"--kafka-mock"}), "--dsn is required (a libpq connection string)");
    EXPECT_EQ(error_of({"--dsn", "x"}), "give exactly one of --kafka-brokers and --kafka-mock");
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "--kafka-brokers", "k:1"}),
              "give exactly one of --kafka-brokers and --kafka-mock");
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "--slot", "Bad-Slot"}),
              "--slot must be lower case letters, digits and underscores, got \"Bad-Slot\"");
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "-X", "novalue"}),
              "--kafka-property needs name=value, got \"novalue\"");
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "--checkpoint-interval", "0"}),
              "intervals and batch sizes must be positive");
    EXPECT_NE(error_of({"--no-such-option"}).find("no-such-option"), std::string::npos);
    EXPECT_EQ(error_of({"--config", "/nonexistent/file"}), "cannot read config file /nonexistent/file");
}

}  // namespace
}  // namespace cdc::daemon
