#include "source/replication_stream.hpp"

#include <poll.h>

#include <cstring>

namespace cdc::source {

int64_t now_since_postgres_epoch_us() {
    constexpr int64_t postgres_epoch_offset_us = 946684800LL * 1000000;  // 2000-01-01 00:00 UTC
    auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::microseconds>(now).count() - postgres_epoch_offset_us;
}

namespace {

uint64_t read_u64(const char* data) {
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>(data[i]);
    return value;
}

void write_u64(char* data, uint64_t value) {
    for (int i = 7; i >= 0; --i) {
        data[i] = static_cast<char>(value & 0xFF);
        value >>= 8;
    }
}

}  // namespace

ReplicationStream::ReplicationStream(const std::string& dsn) : connection_(connect(dsn, {{"replication", "database"}})) {}

ReplicationStream::~ReplicationStream() {
    if (buffer_ != nullptr) PQfreemem(buffer_);
}

SlotInfo ReplicationStream::create_slot(const std::string& name, bool temporary) {
    std::string command = "CREATE_REPLICATION_SLOT \"" + name + "\"" + (temporary ? " TEMPORARY" : "") +
                          " LOGICAL cdc_stream (SNAPSHOT 'export')";
    ResultHandle result(PQexec(connection_.get(), command.c_str()));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
        throw ConnectionError("could not create replication slot \"" + name + "\": " +
                              connection_error(connection_.get()));
    }
    return SlotInfo{parse_lsn(PQgetvalue(result.get(), 0, 1)), PQgetvalue(result.get(), 0, 2)};
}

SystemIdentity ReplicationStream::identify_system() {
    ResultHandle result(PQexec(connection_.get(), "IDENTIFY_SYSTEM"));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) != 1) {
        throw ConnectionError("IDENTIFY_SYSTEM failed: " + connection_error(connection_.get()));
    }
    return SystemIdentity{PQgetvalue(result.get(), 0, 0), PQgetvalue(result.get(), 0, 3)};
}

void ReplicationStream::start(const std::string& slot, uint64_t start_lsn, const std::string& options) {
    std::string command =
        "START_REPLICATION SLOT \"" + slot + "\" LOGICAL " + format_lsn(start_lsn) + " (" + options + ")";
    ResultHandle result(PQexec(connection_.get(), command.c_str()));
    if (PQresultStatus(result.get()) != PGRES_COPY_BOTH) {
        throw ConnectionError("could not start replication from slot \"" + slot + "\": " +
                              connection_error(connection_.get()));
    }
    streaming_ = true;
}

void ReplicationStream::stop() {
    if (!streaming_) return;
    streaming_ = false;
    if (PQputCopyEnd(connection_.get(), nullptr) <= 0 || PQflush(connection_.get()) != 0) {
        throw ConnectionError("could not end replication: " + connection_error(connection_.get()));
    }
    // the server sends what is in flight, then CopyDone: drain to the end
    for (;;) {
        char* data = nullptr;
        int length = PQgetCopyData(connection_.get(), &data, 0);
        if (data != nullptr) PQfreemem(data);
        if (length == -1) break;
        if (length == -2) throw ConnectionError("replication ended badly: " + connection_error(connection_.get()));
    }
    while (ResultHandle result{PQgetResult(connection_.get())}) {
    }
}

void ReplicationStream::wait_readable(std::chrono::milliseconds timeout) {
    pollfd descriptor{PQsocket(connection_.get()), POLLIN, 0};
    if (poll(&descriptor, 1, static_cast<int>(timeout.count())) < 0 && errno != EINTR) {
        throw ConnectionError(std::string("poll failed: ") + std::strerror(errno));
    }
    if (!PQconsumeInput(connection_.get())) {
        throw ConnectionError("lost the replication connection: " + connection_error(connection_.get()));
    }
}

std::optional<StreamEvent> ReplicationStream::next(std::chrono::milliseconds timeout) {
    if (buffer_ != nullptr) {
        PQfreemem(buffer_);
        buffer_ = nullptr;
    }
    for (bool waited = false;; waited = true) {
        int length = PQgetCopyData(connection_.get(), &buffer_, 1);
        if (length > 0) return parse(buffer_, length);
        if (length == -1) {
            streaming_ = false;
            ResultHandle result(PQgetResult(connection_.get()));
            throw ConnectionError("the server ended replication: " + connection_error(connection_.get()));
        }
        if (length == -2) {
            throw ConnectionError("lost the replication connection: " + connection_error(connection_.get()));
        }
        if (waited) return std::nullopt;
        wait_readable(timeout);
    }
}

std::optional<StreamEvent> ReplicationStream::parse(const char* data, int length) {
    // 'w': start u64, end u64, send time i64, payload; 'k': end u64, time i64, reply u8
    if (data[0] == 'w' && length >= 25) {
        return XLogData{read_u64(data + 1), read_u64(data + 9), std::string_view(data + 25, length - 25)};
    }
    if (data[0] == 'k' && length >= 18) return Keepalive{read_u64(data + 1), data[17] != 0};
    throw ConnectionError("unexpected replication message '" + std::string(1, data[0]) + "'");
}

void ReplicationStream::send_feedback(uint64_t written, uint64_t flushed, bool reply_requested) {
    // 'r': write, flush, apply (u64 each), time (i64), reply requested (u8)
    char message[34];
    message[0] = 'r';
    write_u64(message + 1, written);
    write_u64(message + 9, flushed);
    write_u64(message + 17, flushed);
    write_u64(message + 25, static_cast<uint64_t>(now_since_postgres_epoch_us()));
    message[33] = reply_requested ? 1 : 0;
    if (PQputCopyData(connection_.get(), message, sizeof(message)) <= 0 || PQflush(connection_.get()) != 0) {
        throw ConnectionError("could not send feedback: " + connection_error(connection_.get()));
    }
}

}  // namespace cdc::source
