// The metrics endpoint over real HTTP on loopback: /metrics in the text
// exposition format, /healthz following readiness, 404 and 405 otherwise,
// and the addresses --metrics-address takes.
#include "metrics/http_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

namespace cdc::metrics {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

http::response<http::string_body> request(const std::string& address, http::verb method, const std::string& target) {
    Endpoint endpoint = parse_endpoint(address);
    boost::asio::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.connect(resolver.resolve(endpoint.host, std::to_string(endpoint.port)));
    http::request<http::string_body> sent(method, target, 11);
    sent.set(http::field::host, endpoint.host);
    http::write(stream, sent);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return response;
}

TEST(HttpServer, ServesMetricsAndReadiness) {
    Metrics metrics;
    HttpServer server("127.0.0.1:0", metrics);
    ASSERT_TRUE(server.address().starts_with("127.0.0.1:"));
    ASSERT_NE(server.address(), "127.0.0.1:0");

    auto scraped = request(server.address(), http::verb::get, "/metrics");
    EXPECT_EQ(scraped.result(), http::status::ok);
    EXPECT_EQ(scraped[http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(scraped.body().find("# TYPE cdc_maintainer_source_transactions_applied_total counter"),
              std::string::npos);

    auto starting = request(server.address(), http::verb::get, "/healthz");
    EXPECT_EQ(starting.result(), http::status::service_unavailable);
    EXPECT_EQ(starting.body(), "not ready: starting\n");
    metrics.health().set_phase(Phase::streaming);
    auto streaming = request(server.address(), http::verb::get, "/healthz?verbose");
    EXPECT_EQ(streaming.result(), http::status::ok);
    EXPECT_EQ(streaming.body(), "ready: streaming\n");
    metrics.health().set_kafka_available(false);
    EXPECT_EQ(request(server.address(), http::verb::get, "/healthz").result(), http::status::service_unavailable);

    EXPECT_EQ(request(server.address(), http::verb::get, "/").result(), http::status::not_found);
    EXPECT_EQ(request(server.address(), http::verb::post, "/metrics").result(), http::status::method_not_allowed);
}

TEST(HttpServer, RefusesAnAddressInUse) {
    Metrics metrics;
    HttpServer first("127.0.0.1:0", metrics);
    EXPECT_THROW(HttpServer second(first.address(), metrics), std::runtime_error);
}

TEST(Endpoint, HostAndPort) {
    EXPECT_EQ(parse_endpoint("127.0.0.1:9816").host, "127.0.0.1");
    EXPECT_EQ(parse_endpoint("127.0.0.1:9816").port, 9816);
    EXPECT_EQ(parse_endpoint("[::1]:0").host, "::1");
    EXPECT_EQ(parse_endpoint("localhost:80").host, "localhost");
    for (const char* bad : {"9816", ":9816", "host:", "host:65536", "host:-1", "host:80x", "[]:80"}) {
        EXPECT_THROW(parse_endpoint(bad), std::invalid_argument) << bad;
    }
}

}  // namespace
}  // namespace cdc::metrics
