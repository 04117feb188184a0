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
              "--checkpoint-interval must be positive, got 0");
    EXPECT_NE(error_of({"--no-such-option"}).find("no-such-option"), std::string::npos);
    EXPECT_EQ(error_of({"--config", "/nonexistent/file"}), "cannot read config file /nonexistent/file");
}

TEST(Options, MetricsAddressIsOffUnlessGivenAndChecked) {
    EXPECT_EQ(parse({"--dsn", "x", "--kafka-mock"})->metrics_address, "");
    EXPECT_EQ(parse({"--dsn", "x", "--kafka-mock", "--metrics-address", "127.0.0.1:9816"})->metrics_address,
              "127.0.0.1:9816");
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "--metrics-address", "9816"}),
              "--metrics-address must be host:port, got \"9816\"");
}

// Boost would parse "-1" into an unsigned option as 2^64-1
TEST(Options, NegativeAndZeroNumbersAreRefused) {
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "--batch-max-messages", "-1"}),
              "--batch-max-messages must be positive, got -1");
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "--batch-max-messages", "0"}),
              "--batch-max-messages must be positive, got 0");
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "--status-interval", "-5"}),
              "--status-interval must be positive, got -5");
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "--batch-max-delay-ms", "-1"}),
              "--batch-max-delay-ms must be zero or more, got -1");
    std::optional<Options> options = parse({"--dsn", "x", "--kafka-mock", "--batch-max-delay-ms", "0"});
    ASSERT_TRUE(options.has_value());
    EXPECT_EQ(options->batch_max_delay, std::chrono::milliseconds(0));  // commit at once
}

TEST(Options, SlotNamesLongerThanPostgresTakesAreRefused) {
    std::string fifty(50, 's'), fifty_one(51, 's');
    ASSERT_TRUE(parse({"--dsn", "x", "--kafka-mock", "--slot", fifty.c_str()}).has_value());
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "--slot", fifty_one.c_str()}),
              "--slot must be at most 50 bytes (Postgres allows 63, and snapshots need room for "
              "<slot>_sync_<pid>), got 51");
}

TEST(Options, PropertiesExactlyOnceDependsOnAreRefused) {
    for (const char* name : {"transactional.id", "enable.idempotence", "isolation.level", "enable.auto.commit"}) {
        std::string property = std::string(name) + "=x";
        EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "-X", property.c_str()}),
                  "Kafka property " + std::string(name) +
                      " is set by cdc-maintainer itself: exactly-once delivery depends on it");
    }
}

TEST(Options, KafkaConfigFileComesBeforeTheCommandLine) {
    std::string path = ::testing::TempDir() + "cdc-maintainer-kafka.conf";
    std::ofstream(path) << "# SASL\n\n sasl.username = cdc \nsasl.password=s3cr=t\nsecurity.protocol=SASL_SSL\n";
    std::optional<Options> options =
        parse({"--dsn", "x", "--kafka-mock", "--kafka-config", path.c_str(), "-X", "security.protocol=SSL"});
    ASSERT_TRUE(options.has_value());
    std::vector<std::pair<std::string, std::string>> expected = {
        {"sasl.username", "cdc"}, {"sasl.password", "s3cr=t"}, {"security.protocol", "SASL_SSL"},
        {"security.protocol", "SSL"}};  // librdkafka takes the last: the command line wins
    EXPECT_EQ(options->kafka_properties, expected);
    std::ofstream(path) << "sasl.password\n";  // the error names the line, not the secret on it
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "--kafka-config", path.c_str()}),
              "Kafka config file " + path + " line 1: not name=value");
    std::remove(path.c_str());
    EXPECT_EQ(error_of({"--dsn", "x", "--kafka-mock", "--kafka-config", "/nonexistent/kafka.conf"}),
              "cannot read Kafka config file /nonexistent/kafka.conf");
}

TEST(Options, SecretsAreMaskedInMessages) {
    std::optional<Options> options =
        parse({"--dsn", "host=db password=pg-pass dbname=app", "--kafka-brokers", "k:9092", "-X",
               "sasl.password=hunter2", "-X", "ssl.key.password=keypass", "-X",
               "sasl.oauthbearer.client.secret=oauth", "-X", "sasl.username=cdc"});
    ASSERT_TRUE(options.has_value());
    EXPECT_EQ(options->mask_secrets("Kafka property sasl.password=hunter2: bad; hunter2 keypass oauth pg-pass cdc"),
              "Kafka property sasl.password=********: bad; ******** ******** ******** ******** cdc");
    options = parse({"--dsn", "postgresql://cdc:uri-pass@db/app", "--kafka-mock"});
    ASSERT_TRUE(options.has_value());
    EXPECT_EQ(options->mask_secrets("connecting with uri-pass failed"), "connecting with ******** failed");
    EXPECT_EQ(options->mask_secrets("nothing secret"), "nothing secret");
}

}  // namespace
}  // namespace cdc::daemon
