#include "checkpoint/checkpoint.hpp"


#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

namespace cdc::checkpoint {
namespace {

constexpr char magic[] = "CDCCKPT2";

enum ValueTag : uint8_t { TagNull, TagFalse, TagTrue, TagInt, TagDouble, TagNumeric, TagString };

class Writer {
   public:
    explicit Writer(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "wb")) {
        if (file_ == nullptr) fail("open");
    }
    ~Writer() {
        if (file_ != nullptr) std::fclose(file_);
    }

    void bytes(const void* data, size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (size_t i = 0; i < size; ++i) checksum_ = (checksum_ ^ p[i]) * 1099511628211ULL;
        if (std::fwrite(data, 1, size, file_) != size) fail("write");
    }
    template <typename T>
    void fixed(T value) {
        bytes(&value, sizeof(value));
    }
    void str(const std::string& text) {
        fixed<uint64_t>(text.size());
        bytes(text.data(), text.size());
    }
    void finish() {
        uint64_t sum = checksum_;
        if (std::fwrite(&sum, 1, sizeof(sum), file_) != sizeof(sum) || std::fflush(file_) != 0 ||
            fsync(fileno(file_)) != 0) {
            fail("write");
        }
        int closed = std::fclose(file_);
        file_ = nullptr;  // closed even when fclose fails: never twice
        if (closed != 0) fail("close");
    }

   private:
    [[noreturn]] void fail(const char* what) const {
        throw CheckpointError("could not " + std::string(what) + " checkpoint " + path_ + ": " + std::strerror(errno));
    }
    std::string path_;
    FILE* file_;
    uint64_t checksum_ = 14695981039346656037ULL;
};

class Reader {
   public:
    Reader(std::string data, std::string path) : data_(std::move(data)), path_(std::move(path)) {}

    const char* take(size_t size) {
        if (size > data_.size() - pos_) throw CheckpointError("checkpoint " + path_ + " is truncated");
        const char* start = data_.data() + pos_;
        pos_ += size;
        return start;
    }
    template <typename T>
    T fixed() {
        T value;
        std::memcpy(&value, take(sizeof(T)), sizeof(T));
        return value;
    }
    std::string str() {
        auto size = fixed<uint64_t>();
        return std::string(take(size), size);
    }
    void verify_checksum() {
        if (data_.size() < sizeof(uint64_t)) throw CheckpointError("checkpoint " + path_ + " is truncated");
        uint64_t sum = 14695981039346656037ULL;
        size_t body = data_.size() - sizeof(uint64_t);
        for (size_t i = 0; i < body; ++i) sum = (sum ^ static_cast<unsigned char>(data_[i])) * 1099511628211ULL;
        uint64_t stored;
        std::memcpy(&stored, data_.data() + body, sizeof(stored));
        if (sum != stored) throw CheckpointError("checkpoint " + path_ + " is damaged (checksum mismatch)");
    }

   private:
    std::string data_;
    std::string path_;
    size_t pos_ = 0;
};

void write_value(Writer& out, const Value& value) {
    switch (value.index()) {
        case 0: out.fixed<uint8_t>(TagNull); return;
        case 1: out.fixed<uint8_t>(std::get<bool>(value) ? TagTrue : TagFalse); return;
        case 2:
            out.fixed<uint8_t>(TagInt);
            out.fixed<int64_t>(std::get<int64_t>(value));
            return;
        case 3:
            out.fixed<uint8_t>(TagDouble);
            out.fixed<double>(std::get<double>(value));
            return;
        case 4: {
            const Numeric& number = std::get<Numeric>(value);
            out.fixed<uint8_t>(TagNumeric);
            out.fixed<uint8_t>(static_cast<uint8_t>(number.kind));
            out.fixed<int32_t>(number.scale);
            out.str(number.unscaled.str());
            return;
        }
        default:
            out.fixed<uint8_t>(TagString);
            out.str(std::get<std::string>(value));
    }
}

Value read_value(Reader& in) {
    switch (in.fixed<uint8_t>()) {
        case TagNull: return Value();
        case TagFalse: return false;
        case TagTrue: return true;
        case TagInt: return in.fixed<int64_t>();
        case TagDouble: return in.fixed<double>();
        case TagNumeric: {
            Numeric number;
            number.kind = static_cast<Numeric::Kind>(in.fixed<uint8_t>());
            number.scale = in.fixed<int32_t>();
            number.unscaled = BigInt(in.str());
            return number;
        }
        case TagString: return in.str();
        default: throw CheckpointError("checkpoint holds an unknown value tag");
    }
}

void write_relation(Writer& out, const wire::RelationMessage& relation) {
    out.fixed<uint32_t>(relation.relid);
    out.str(relation.schema);
    out.str(relation.name);
    out.fixed<char>(relation.replica_identity);
    out.fixed<uint32_t>(static_cast<uint32_t>(relation.columns.size()));
    for (const wire::ColumnInfo& column : relation.columns) {
        out.fixed<uint8_t>(column.identity ? 1 : 0);
        out.str(column.name);
        out.fixed<uint32_t>(column.type_oid);
        out.fixed<int32_t>(column.typmod);
        out.fixed<char>(column.codec);
    }
}

wire::RelationMessage read_relation(Reader& in) {
    wire::RelationMessage relation;
    relation.relid = in.fixed<uint32_t>();
    relation.schema = in.str();
    relation.name = in.str();
    relation.replica_identity = in.fixed<char>();
    auto count = in.fixed<uint32_t>();
    for (uint32_t i = 0; i < count; ++i) {
        wire::ColumnInfo column;
        column.identity = in.fixed<uint8_t>() != 0;
        column.name = in.str();
        column.type_oid = in.fixed<uint32_t>();
        column.typmod = in.fixed<int32_t>();
        column.codec = in.fixed<char>();
        relation.columns.push_back(std::move(column));
    }
    return relation;
}

void sync_directory(const std::string& path) {
    size_t slash = path.find_last_of('/');
    std::string directory = slash == std::string::npos ? "." : path.substr(0, slash);
    int fd = open(directory.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0 || fsync(fd) != 0) {
        if (fd >= 0) close(fd);
        throw CheckpointError("could not sync directory " + directory + ": " + std::strerror(errno));
    }
    close(fd);
}

void write_optional(Writer& out, const std::optional<std::string>& text) {
    out.fixed<uint8_t>(text ? 1 : 0);
    if (text) out.str(*text);
}

std::optional<std::string> read_optional(Reader& in) {
    if (in.fixed<uint8_t>() == 0) return std::nullopt;
    return in.str();
}

void write_outbox(Writer& out, const sink::Outbox& outbox) {
    out.fixed<uint64_t>(outbox.position);
    out.fixed<uint32_t>(static_cast<uint32_t>(outbox.messages.size()));
    for (const sink::OutboxMessage& message : outbox.messages) {
        out.str(message.topic);
        write_optional(out, message.message.key);
        write_optional(out, message.message.value);
        out.fixed<int32_t>(message.message.partition);
        out.str(message.headers.lsn);
        out.str(message.headers.xid);
        out.str(message.headers.commit_time);
    }
}

sink::Outbox read_outbox(Reader& in) {
    sink::Outbox outbox;
    outbox.position = in.fixed<uint64_t>();
    auto count = in.fixed<uint32_t>();
    for (uint32_t i = 0; i < count; ++i) {
        sink::OutboxMessage message;
        message.topic = in.str();
        message.message.key = read_optional(in);
        message.message.value = read_optional(in);
        message.message.partition = in.fixed<int32_t>();
        message.headers = {in.str(), in.str(), in.str()};
        outbox.messages.push_back(std::move(message));
    }
    return outbox;
}

void write_file(const std::string& path, uint64_t lsn, const std::vector<ViewDefinition>& views,
                const std::map<uint32_t, std::unique_ptr<source::TableState>>& tables, const sink::Outbox& outbox) {
    Writer out(path);
    out.bytes(magic, sizeof(magic) - 1);
    out.fixed<uint64_t>(lsn);
    out.fixed<uint32_t>(static_cast<uint32_t>(views.size()));
    for (const ViewDefinition& view : views) out.str(to_json(view));
    out.fixed<uint32_t>(static_cast<uint32_t>(tables.size()));
    for (const auto& [relid, table] : tables) {
        write_relation(out, table->relation());
        uint64_t rows = 0;
        table->for_each_row([&](const Row&, int64_t) { ++rows; });
        out.fixed<uint64_t>(rows);
        table->for_each_row([&](const Row& row, int64_t count) {
            out.fixed<int64_t>(count);
            for (const Value& value : row) write_value(out, value);
        });
    }
    write_outbox(out, outbox);
    out.finish();
}

}  // namespace

void write_checkpoint(const std::string& path, uint64_t lsn, const std::vector<ViewDefinition>& views,
                      const std::map<uint32_t, std::unique_ptr<source::TableState>>& tables,
                      const sink::Outbox& outbox) {
    std::string temporary = path + ".tmp";
    try {
        write_file(temporary, lsn, views, tables, outbox);
        if (std::rename(temporary.c_str(), path.c_str()) != 0) {
            throw CheckpointError("could not rename " + temporary + " to " + path + ": " + std::strerror(errno));
        }
    } catch (...) {
        // a half-written or unrenamed temporary would only fill the disk;
        // unlink, not remove: never a directory someone put in its place
        ::unlink(temporary.c_str());
        throw;
    }
    sync_directory(path);
}

std::optional<Checkpoint> read_checkpoint(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return std::nullopt;
    Reader in(std::string(std::istreambuf_iterator<char>(file), {}), path);
    in.verify_checksum();
    if (std::string(in.take(sizeof(magic) - 1), sizeof(magic) - 1) != magic) {
        throw CheckpointError(path + " is not a cdc-maintainer checkpoint");
    }
    Checkpoint checkpoint;
    checkpoint.lsn = in.fixed<uint64_t>();
    auto views = in.fixed<uint32_t>();
    for (uint32_t i = 0; i < views; ++i) checkpoint.views.push_back(view_from_json(in.str()));
    auto tables = in.fixed<uint32_t>();
    for (uint32_t i = 0; i < tables; ++i) {
        auto table = std::make_unique<source::TableState>(read_relation(in));
        auto rows = in.fixed<uint64_t>();
        size_t width = table->column_names().size();
        for (uint64_t r = 0; r < rows; ++r) {
            auto count = in.fixed<int64_t>();
            Row row(width);
            for (size_t c = 0; c < width; ++c) row[c] = read_value(in);
            for (int64_t n = 0; n < count; ++n) table->load(row);
        }
        checkpoint.tables.emplace(table->relation().relid, std::move(table));
    }
    checkpoint.outbox = read_outbox(in);
    return checkpoint;
}

std::chrono::steady_clock::duration checkpoint_spacing(std::chrono::steady_clock::duration interval,
                                                       std::chrono::steady_clock::duration last_write) {
    using Duration = std::chrono::steady_clock::duration;
    Duration longest = std::max<Duration>(interval, std::chrono::minutes(10));
    return std::clamp<Duration>(10 * last_write, interval, longest);
}

}  // namespace cdc::checkpoint
