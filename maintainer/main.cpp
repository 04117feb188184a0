// cdc-maintainer: maintains the views defined with cdc_stream.add_view and
// writes their changes to Kafka.  See README.md and docs/operations.md.
#include "core/log.hpp"
#include "daemon/maintainer.hpp"
#include "daemon/options.hpp"
#include "sink/kafka.hpp"

#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>

namespace {

std::atomic<bool> stop_requested{false};

void request_stop(int) { stop_requested = true; }

int run(const cdc::daemon::Options& options) {
    std::unique_ptr<cdc::sink::KafkaMock> mock;
    if (options.kafka_mock) {
        mock = std::make_unique<cdc::sink::KafkaMock>();
        std::cout << mock->bootstrap_servers() << std::endl;  // for kcat and scripts
        cdc::log_info("Kafka mock cluster listening on " + mock->bootstrap_servers());
    }
    cdc::daemon::Maintainer maintainer(options, mock.get(), stop_requested);
    maintainer.run();
    cdc::log_info("stopped");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGTERM, request_stop);
    std::signal(SIGINT, request_stop);
    std::signal(SIGPIPE, SIG_IGN);
    try {
        std::optional<cdc::daemon::Options> options = cdc::daemon::parse_options(argc, argv);
        if (!options) return 0;
        return run(*options);
    } catch (const std::invalid_argument& error) {
        std::cerr << "cdc-maintainer: " << error.what() << "\nTry cdc-maintainer --help.\n";
        return 2;
    } catch (const std::exception& error) {
        cdc::log_error(error.what());
        return 1;
    }
}
