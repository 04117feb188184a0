#include "metrics/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <charconv>
#include <stdexcept>
#include <thread>

namespace cdc::metrics {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto idle_timeout = std::chrono::seconds(30);

http::response<http::string_body> answer(const http::request<http::string_body>& request, Metrics& metrics) {
    http::response<http::string_body> response;
    response.version(request.version());
    response.keep_alive(request.keep_alive());
    response.set(http::field::server, "cdc-maintainer");
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    std::string_view target(request.target().data(), request.target().size());
    target = target.substr(0, target.find('?'));
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        response.result(http::status::method_not_allowed);
        response.set(http::field::allow, "GET, HEAD");
        response.body() = "only GET and HEAD\n";
    } else if (target == "/metrics") {
        response.result(http::status::ok);
        response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        response.body() = metrics.render();
    } else if (target == "/healthz") {
        bool ready = metrics.health().ready();
        response.result(ready ? http::status::ok : http::status::service_unavailable);
        response.body() = std::string(ready ? "ready: " : "not ready: ") + metrics.health().describe() + "\n";
    } else {
        response.result(http::status::not_found);
        response.body() = "not found: /metrics and /healthz are served\n";
    }
    response.prepare_payload();
    if (request.method() == http::verb::head) response.body().clear();  // Content-Length stays the GET's
    return response;
}

// One connection: reads requests and answers them until it closes or idles.
class Session : public std::enable_shared_from_this<Session> {
   public:
    Session(tcp::socket socket, Metrics& metrics) : stream_(std::move(socket)), metrics_(metrics) {}
    void read() {
        request_ = {};
        stream_.expires_after(idle_timeout);
        http::async_read(stream_, buffer_, request_,
                         [self = shared_from_this()](beast::error_code error, size_t) { self->on_read(error); });
    }

   private:
    void on_read(beast::error_code error) {
        if (error) return close();
        response_ = answer(request_, metrics_);
        http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code error, size_t) {
            if (error || !self->response_.keep_alive()) return self->close();
            self->read();
        });
    }
    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
    http::response<http::string_body> response_;
    Metrics& metrics_;
};

}  // namespace

Endpoint parse_endpoint(const std::string& address) {
    size_t colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) {
        throw std::invalid_argument("--metrics-address must be host:port, got \"" + address + "\"");
    }
    Endpoint endpoint;
    endpoint.host = address.substr(0, colon);
    if (endpoint.host.front() == '[' && endpoint.host.back() == ']')
        endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
    std::string port = address.substr(colon + 1);
    unsigned value = 0;
    auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() || value > 65535 || endpoint.host.empty()) {
        throw std::invalid_argument("--metrics-address must be host:port with a port from 0 to 65535, got \"" +
                                    address + "\"");
    }
    endpoint.port = static_cast<unsigned short>(value);
    return endpoint;
}

struct HttpServer::Impl {
    Impl(const Endpoint& endpoint, Metrics& metrics) : metrics(metrics) {
        beast::error_code error;
        tcp::resolver resolver(io);
        auto resolved = resolver.resolve(endpoint.host, std::to_string(endpoint.port), tcp::resolver::passive, error);
        if (error || resolved.empty()) {
            throw std::runtime_error("metrics address " + endpoint.host + ": " + error.message());
        }
        tcp::endpoint local = resolved.begin()->endpoint();
        acceptor.open(local.protocol(), error);
        if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
        if (!error) acceptor.bind(local, error);
        if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
        if (error) {
            throw std::runtime_error("cannot listen for metrics on " + endpoint.host + ":" +
                                     std::to_string(endpoint.port) + ": " + error.message());
        }
        tcp::endpoint bound_to = acceptor.local_endpoint();
        bound =
            bound_to.address().is_v6() ? "[" + bound_to.address().to_string() + "]" : bound_to.address().to_string();
        bound += ":" + std::to_string(bound_to.port());
        accept();
        thread = std::thread([this] { io.run(); });
    }
    ~Impl() {
        io.stop();
        if (thread.joinable()) thread.join();
    }
    void accept() {
        acceptor.async_accept(asio::make_strand(io), [this](beast::error_code error, tcp::socket socket) {
            if (!error) std::make_shared<Session>(std::move(socket), metrics)->read();
            if (acceptor.is_open()) accept();
        });
    }

    Metrics& metrics;
    std::string bound;
    asio::io_context io{1};
    tcp::acceptor acceptor{io};
    std::thread thread;
};

HttpServer::HttpServer(const std::string& address, Metrics& metrics)
    : impl_(std::make_unique<Impl>(parse_endpoint(address), metrics)) {}

HttpServer::~HttpServer() = default;

std::string HttpServer::address() const { return impl_->bound; }

}  // namespace cdc::metrics
