// cdc-maintainer: maintains the views defined with cdc_stream.add_view and
// writes their changes to Kafka.  See README.md and docs/operations.md.
#include "core/log.hpp"
#include "daemon/maintainer.hpp"
#include "daemon/options.hpp"
#include "metrics/http_server.hpp"
#include "metrics/metrics.hpp"
#include "sink/kafka.hpp"

#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>

namespace {

std::atomic<bool> stop_requested{false};

void request_stop(int) { stop_requested = true; }

int run(const cdc::daemon::Options& options) {
    cdc::metrics::Metrics metrics;
    std::unique_ptr<cdc::metrics::HttpServer> server;  // outlives the maintainer, which clears what it lent
    if (!options.metrics_address.empty()) {
        server = std::make_unique<cdc::metrics::HttpServer>(options.metrics_address, metrics);
        cdc::log_info("metrics on http://" + server->address() + "/metrics, readiness on /healthz");
    }
    std::unique_ptr<cdc::sink::KafkaMock> mock;
    if (options.kafka_mock) {
        mock = std::make_unique<cdc::sink::KafkaMock>();
        std::cout << mock->bootstrap_servers() << std::endl;  // for kcat and scripts
        cdc::log_info("Kafka mock cluster listening on " + mock->bootstrap_servers());
    }
    cdc::daemon::Maintainer maintainer(options, mock.get(), stop_requested, metrics);
    maintainer.run();
    cdc::log_info("stopped");
    return 0;
}

// Bad input: the message and a hint, exit status 2.
int usage_error(const std::string& message) {
    std::cerr << "cdc-maintainer: " << message << "\nTry cdc-maintainer --help.\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGTERM, request_stop);
    std::signal(SIGINT, request_stop);
    std::signal(SIGPIPE, SIG_IGN);
    std::optional<cdc::daemon::Options> options;
    try {
        options = cdc::daemon::parse_options(argc, argv);
    } catch (const std::invalid_argument& error) {
        return usage_error(error.what());
    }
    if (!options) return 0;
    // librdkafka and libpq may quote a rejected setting, secrets and all
    try {
        return run(*options);
    } catch (const std::invalid_argument& error) {  // a Kafka property librdkafka refused
        return usage_error(options->mask_secrets(error.what()));
    } catch (const std::exception& error) {
        cdc::log_error(options->mask_secrets(error.what()));
        return 1;
    }
}
