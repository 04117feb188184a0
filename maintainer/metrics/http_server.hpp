// The HTTP endpoint of --metrics-address host:port, on a thread of its own:
//   GET /metrics   every metric, in Prometheus' text exposition format
//   GET /healthz   200 "ready: streaming" once cdc-maintainer streams,
//                  503 "not ready: ..." while it starts, takes a snapshot,
//                  reconnects, stops or waits for Kafka (health.hpp)
// Anything else is 404 (405 for methods other than GET and HEAD).
//
// prometheus-cpp's own Exposer (civetweb) serves only collectables and
// always with 200, so it cannot answer /healthz with a 503: this is a small
// Boost.Beast server around prometheus-cpp's registry instead.  One thread,
// asynchronous, keep-alive, every connection timed out after 30 s idle, so
// a stuck client never holds up a scrape.
#pragma once

#include "metrics/metrics.hpp"

#include <memory>
#include <string>

namespace cdc::metrics {

// host:port, [v6 address]:port; port 0 picks a free one.  Throws
// std::invalid_argument for one that is not.
struct Endpoint {
    std::string host;
    unsigned short port = 0;
};
Endpoint parse_endpoint(const std::string& address);

class HttpServer {
   public:
    // Listens at once (throws std::runtime_error if it cannot).
    HttpServer(const std::string& address, Metrics& metrics);
    ~HttpServer();  // stops and joins the thread
    // the address it listens on, host:port, with the port it got
    std::string address() const;

   private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cdc::metrics
