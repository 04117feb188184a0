#include "state/checkpoint.hpp"

#include <cstring>
#include <filesystem>

namespace cdc::state {
namespace {

constexpr char format_key[] = "mformat";
constexpr char identity_key[] = "midentity";
constexpr char position_key[] = "mposition";
constexpr char outbox_key[] = "moutbox";
constexpr char view_prefix = 'v';
constexpr char table_prefix = 'r';
constexpr char outbox_prefix = 'o';
// What this version writes; any other is refused, never misread.
// 2: interval columns are held as intervals (wire codec 'V'); a store of
// format 1 may hold them as their text
constexpr char format[] = "cdc-maintainer store 2";

// Fields of a record, little-endian, strings with their length first.
class Encoder {
   public:
    template <typename T>
    void fixed(T value) {
        bytes_.append(reinterpret_cast<const char*>(&value), sizeof(value));
    }
    void str(const std::string& text) {
        fixed<uint64_t>(text.size());
        bytes_ += text;
    }
    void optional(const std::optional<std::string>& text) {
        fixed<uint8_t>(text ? 1 : 0);
        if (text) str(*text);
    }
    const std::string& bytes() const { return bytes_; }

   private:
    std::string bytes_;
};

class Decoder {
   public:
    Decoder(std::string_view bytes, std::string what) : bytes_(bytes), what_(std::move(what)) {}
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
    std::optional<std::string> optional() {
        if (fixed<uint8_t>() == 0) return std::nullopt;
        return str();
    }

   private:
    const char* take(size_t size) {
        if (size > bytes_.size() - position_) throw CheckpointError("the state store's " + what_ + " is truncated");
        const char* start = bytes_.data() + position_;
        position_ += size;
        return start;
    }
    std::string_view bytes_;
    std::string what_;
    size_t position_ = 0;
};

std::string u64_bytes(uint64_t number) {
    std::string bytes;
    append_u64_key(bytes, number);
    return bytes;
}

std::string view_key(int64_t id) { return view_prefix + u64_bytes(static_cast<uint64_t>(id)); }

std::string table_key(uint32_t relid) {
    std::string key(1, table_prefix);
    for (int shift = 24; shift >= 0; shift -= 8) key.push_back(static_cast<char>((relid >> shift) & 0xff));
    return key;
}

std::string encode_table(const TableState& table) {
    Encoder out;
    out.fixed<uint64_t>(table.copy_id());
    out.fixed<uint64_t>(table.row_count());
    const wire::RelationMessage& relation = table.relation();
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
    return out.bytes();
}

std::unique_ptr<TableState> decode_table(Store& store, std::string_view bytes) {
    Decoder in(bytes, "table record");
    auto copy_id = in.fixed<uint64_t>();
    auto row_count = in.fixed<uint64_t>();
    wire::RelationMessage relation;
    relation.relid = in.fixed<uint32_t>();
    relation.schema = in.str();
    relation.name = in.str();
    relation.replica_identity = in.fixed<char>();
    auto columns = in.fixed<uint32_t>();
    for (uint32_t i = 0; i < columns; ++i) {
        wire::ColumnInfo column;
        column.identity = in.fixed<uint8_t>() != 0;
        column.name = in.str();
        column.type_oid = in.fixed<uint32_t>();
        column.typmod = in.fixed<int32_t>();
        column.codec = in.fixed<char>();
        relation.columns.push_back(std::move(column));
    }
    return std::make_unique<TableState>(store, relation, copy_id, row_count);
}

std::string encode_message(const sink::OutboxMessage& message) {
    Encoder out;
    out.str(message.topic);
    out.optional(message.message.key);
    out.optional(message.message.value);
    out.fixed<int32_t>(message.message.partition);
    out.str(message.headers.lsn);
    out.str(message.headers.xid);
    out.str(message.headers.commit_time);
    return out.bytes();
}

sink::OutboxMessage decode_message(std::string_view bytes) {
    Decoder in(bytes, "outbox");
    sink::OutboxMessage message;
    message.topic = in.str();
    message.message.key = in.optional();
    message.message.value = in.optional();
    message.message.partition = in.fixed<int32_t>();
    message.headers.lsn = in.str();
    message.headers.xid = in.str();
    message.headers.commit_time = in.str();
    return message;
}

std::string outbox_messages_prefix(uint64_t generation) { return outbox_prefix + u64_bytes(generation); }

}  // namespace

Checkpointer::Checkpointer(Store& store, std::string identity) : store_(store), identity_(std::move(identity)) {
    std::optional<std::string> stored_format = store_.get(format_key);
    if (stored_format && *stored_format != format) {
        throw CheckpointError("the state store " + store_.path() + " has format \"" + *stored_format +
                              "\"; this cdc-maintainer reads \"" + format + "\" only. To upgrade: stop "
                              "cdc-maintainer, drop its replication slot and remove the store; the next start "
                              "takes a new snapshot (docs/operations.md, \"Upgrading\")");
    }
    std::optional<std::string> stored_identity = store_.get(identity_key);
    if (stored_identity && *stored_identity != identity_) {
        throw CheckpointError("the state store " + store_.path() + " belongs to " + *stored_identity +
                              " (system id/database/slot), not to " + identity_ +
                              ": give each cluster, database and slot its own --state-dir");
    }
}

std::optional<Checkpoint> Checkpointer::load() {
    std::optional<std::string> position = store_.get(position_key);
    if (!position) return std::nullopt;
    Checkpoint checkpoint;
    checkpoint.position = read_u64_key(*position);
    store_.scan(std::string(1, view_prefix), [&](std::string_view key, std::string_view value) {
        checkpoint.views.push_back(view_from_json(std::string(value)));
        stored_views_[checkpoint.views.back().id] = value;
        return true;
    });
    store_.scan(std::string(1, table_prefix), [&](std::string_view, std::string_view value) {
        std::unique_ptr<TableState> table = decode_table(store_, value);
        stored_tables_.insert(table->relation().relid);
        checkpoint.tables[table->relation().relid] = std::move(table);
        return true;
    });
    if (std::optional<std::string> outbox = store_.get(outbox_key)) {
        Decoder in(*outbox, "outbox");
        outbox_generation_ = in.fixed<uint64_t>();
        checkpoint.outbox.position = in.fixed<uint64_t>();
        store_.scan(outbox_messages_prefix(*outbox_generation_), [&](std::string_view, std::string_view value) {
            checkpoint.outbox.messages.push_back(decode_message(value));
            return true;
        });
    }
    drop_other_outboxes();
    drop_unreferenced(checkpoint.tables);
    return checkpoint;
}

void Checkpointer::commit(uint64_t position, const std::vector<ViewDefinition>& views, const Tables& tables,
                          const sink::Outbox* initial) {
    store_.put(format_key, format);
    store_.put(identity_key, identity_);
    store_.put(position_key, u64_bytes(position));
    put_views(views);
    put_tables(tables);
    bool outbox_changed = put_outbox(initial);
    store_.commit();
    if (outbox_changed) drop_other_outboxes();
    drop_unreferenced(tables);
}

void Checkpointer::put_views(const std::vector<ViewDefinition>& views) {
    std::map<int64_t, std::string> now;
    for (const ViewDefinition& view : views) now[view.id] = to_json(view);
    for (const auto& [id, definition] : stored_views_) {
        if (!now.contains(id)) store_.erase(view_key(id));
    }
    for (const auto& [id, definition] : now) {
        auto stored = stored_views_.find(id);
        if (stored == stored_views_.end() || stored->second != definition) store_.put(view_key(id), definition);
    }
    stored_views_ = std::move(now);
}

void Checkpointer::put_tables(const Tables& tables) {
    for (uint32_t relid : stored_tables_) {
        if (!tables.contains(relid)) store_.erase(table_key(relid));
    }
    stored_tables_.clear();
    for (const auto& [relid, table] : tables) {
        store_.put(table_key(relid), encode_table(*table));
        stored_tables_.insert(relid);
    }
}

// The messages go straight to the store under a new generation, which
// the outbox record names: until the commit writes that record they are
// nobody's, and a crash before it leaves only rows load() removes.
bool Checkpointer::put_outbox(const sink::Outbox* initial) {
    if (!initial) {
        if (!outbox_generation_) return false;
        store_.erase(outbox_key);
        outbox_generation_.reset();
        return true;
    }
    uint64_t generation = outbox_generation_.value_or(0) + 1;
    Store::Loader messages(store_);
    uint64_t sequence = 0;
    for (const sink::OutboxMessage& message : initial->messages) {
        messages.put(outbox_messages_prefix(generation) + u64_bytes(sequence++), encode_message(message));
    }
    messages.finish();
    Encoder record;
    record.fixed<uint64_t>(generation);
    record.fixed<uint64_t>(initial->position);
    store_.put(outbox_key, record.bytes());
    outbox_generation_ = generation;
    return true;
}

// Every outbox's messages but the committed one's.
void Checkpointer::drop_other_outboxes() {
    std::string all_end(1, static_cast<char>(outbox_prefix + 1));
    if (!outbox_generation_) {
        store_.erase_committed_range(std::string(1, outbox_prefix), all_end);
        return;
    }
    store_.erase_committed_range(std::string(1, outbox_prefix), outbox_messages_prefix(*outbox_generation_));
    store_.erase_committed_range(outbox_messages_prefix(*outbox_generation_ + 1), all_end);
}

// Each copy in the store no table refers to, found by one seek per copy
// and removed with one range deletion.
void Checkpointer::drop_unreferenced(const Tables& tables) {
    std::set<uint64_t> referenced;
    for (const auto& [relid, table] : tables) referenced.insert(table->copy_id());
    std::string from(1, table_rows_prefix);
    for (;;) {
        std::optional<uint64_t> copy;
        store_.scan(std::string(1, table_rows_prefix), [&](std::string_view key, std::string_view) {
            copy = read_u64_key(key.substr(1));
            return false;
        }, from);
        if (!copy) return;
        if (!referenced.contains(*copy)) store_.erase_committed_range(copy_prefix(*copy), copy_prefix(*copy + 1));
        from = copy_prefix(*copy + 1);
    }
}

std::string old_checkpoint_refusal(const std::string& path, const std::string& slot) {
    if (!std::filesystem::exists(path)) return "";
    return path + " is a checkpoint of cdc-maintainer 0.1, which this version does not read (it keeps its state "
                  "in a RocksDB store beside it). To upgrade: stop cdc-maintainer, run SELECT "
                  "pg_drop_replication_slot('" + slot + "') and delete " + path +
           "; the next start takes a new snapshot and sends every view's content again (docs/operations.md, "
           "\"Upgrading\")";
}

}  // namespace cdc::state
