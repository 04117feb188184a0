// Reader of the wire format; see wire_reader.hpp and cdc_stream/wire.h.
#include "source/wire_reader.hpp"

#include "cdc_stream/wire.h"

#include <boost/multiprecision/cpp_int/import_export.hpp>

#include <cstring>

namespace cdc::wire {

// A cursor over one message; every read checks the bounds.
class ByteCursor {
   public:
    explicit ByteCursor(std::string_view bytes) : bytes_(bytes) {}

    bool at_end() const { return pos_ == bytes_.size(); }

    uint8_t u8() { return static_cast<uint8_t>(take(1)[0]); }

    uint64_t fixed(size_t width) {
        std::string_view raw = take(width);
        uint64_t value = 0;
        for (char byte : raw) value = (value << 8) | static_cast<uint8_t>(byte);
        return value;
    }
    uint32_t u32() { return static_cast<uint32_t>(fixed(4)); }
    uint64_t u64() { return fixed(8); }
    int64_t i64() { return static_cast<int64_t>(fixed(8)); }

    uint64_t uvarint() {
        uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            uint8_t byte = u8();
            value |= static_cast<uint64_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) return value;
        }
        throw WireError("varint longer than 10 bytes");
    }
    int64_t svarint() {
        uint64_t zigzag = uvarint();
        return static_cast<int64_t>((zigzag >> 1) ^ (~(zigzag & 1) + 1));
    }
    std::string_view str() { return take(uvarint()); }

    std::string_view take(uint64_t count) {
        if (count > bytes_.size() - pos_) {
            throw WireError("message truncated: needs " + std::to_string(count) + " more bytes at offset " +
                            std::to_string(pos_) + " of " + std::to_string(bytes_.size()));
        }
        std::string_view result = bytes_.substr(pos_, count);
        pos_ += count;
        return result;
    }

   private:
    std::string_view bytes_;
    size_t pos_ = 0;
};

namespace {

double read_float4(ByteCursor& in) {
    uint32_t bits = in.u32();
    float value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
}

double read_float8(ByteCursor& in) {
    uint64_t bits = in.u64();
    double value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
}

Numeric read_numeric(ByteCursor& in) {
    uint64_t head = in.uvarint();
    Numeric result;
    result.scale = static_cast<int32_t>(head >> CDC_NUMERIC_KIND_BITS);
    switch (head & CDC_NUMERIC_KIND_MASK) {
        case CDC_NUMERIC_NAN: result.kind = Numeric::Kind::NaN; return result;
        case CDC_NUMERIC_PINF: result.kind = Numeric::Kind::PositiveInfinity; return result;
        case CDC_NUMERIC_NINF: result.kind = Numeric::Kind::NegativeInfinity; return result;
        case CDC_NUMERIC_POSITIVE:
        case CDC_NUMERIC_NEGATIVE: break;
        default: throw WireError("unknown numeric kind " + std::to_string(head & CDC_NUMERIC_KIND_MASK));
    }
    std::string_view magnitude = in.str();
    if (!magnitude.empty()) {
        boost::multiprecision::import_bits(result.unscaled, magnitude.begin(), magnitude.end(), 8);
    }
    if ((head & CDC_NUMERIC_KIND_MASK) == CDC_NUMERIC_NEGATIVE) result.unscaled = -result.unscaled;
    return result;
}

std::string read_uuid(ByteCursor& in) {
    static const char digits[] = "0123456789abcdef";
    std::string_view raw = in.take(CDC_UUID_BYTES);
    std::string text;
    text.reserve(36);
    for (size_t i = 0; i < raw.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
        auto byte = static_cast<uint8_t>(raw[i]);
        text += digits[byte >> 4];
        text += digits[byte & 0x0F];
    }
    return text;
}

Value read_value(ByteCursor& in, char codec) {
    switch (codec) {
        case CDC_CODEC_INT:
        case CDC_CODEC_DATE:
        case CDC_CODEC_TIMESTAMP:
        case CDC_CODEC_TIMESTAMPTZ: return in.svarint();
        case CDC_CODEC_INTERVAL: {
            Interval interval;
            interval.time = in.svarint();
            interval.day = static_cast<int32_t>(in.svarint());
            interval.month = static_cast<int32_t>(in.svarint());
            return interval;
        }
        case CDC_CODEC_FLOAT4: return read_float4(in);
        case CDC_CODEC_FLOAT8: return read_float8(in);
        case CDC_CODEC_BOOL: return in.u8() != 0;
        case CDC_CODEC_NUMERIC: return read_numeric(in);
        case CDC_CODEC_UUID: return read_uuid(in);
        case CDC_CODEC_BYTES:
        case CDC_CODEC_TEXT: return std::string(in.str());
        default: throw WireError(std::string("unknown value codec '") + codec + "'");
    }
}

// A tuple with its status bitmap, or (all_values, version 2) without one:
// then every column has a value.
Tuple read_tuple(ByteCursor& in, const RelationMessage& relation, bool all_values = false) {
    size_t ncolumns = relation.columns.size();
    std::string_view bitmap = all_values ? std::string_view() : in.take((ncolumns + CDC_STATUS_PER_BYTE - 1) / CDC_STATUS_PER_BYTE);
    Tuple tuple;
    tuple.status.resize(ncolumns);
    tuple.values.resize(ncolumns);
    for (size_t i = 0; i < ncolumns; ++i) {
        unsigned bits = all_values ? static_cast<unsigned>(CDC_STATUS_VALUE)
                               : static_cast<uint8_t>(bitmap[i / CDC_STATUS_PER_BYTE]) >> ((i % CDC_STATUS_PER_BYTE) * CDC_STATUS_BITS);
        tuple.status[i] = static_cast<ColumnStatus>(bits & CDC_STATUS_MASK);
        if (tuple.status[i] == ColumnStatus::Value) {
            tuple.values[i] = read_value(in, relation.columns[i].codec);
        }
    }
    return tuple;
}

RelationMessage read_relation(ByteCursor& in, int version, uint64_t& relnum) {
    RelationMessage relation;
    relation.relid = in.u32();
    if (version >= 2) relnum = in.uvarint();
    relation.schema = in.str();
    relation.name = in.str();
    relation.replica_identity = static_cast<char>(in.u8());
    uint64_t ncolumns = in.uvarint();
    for (uint64_t i = 0; i < ncolumns; ++i) {
        ColumnInfo column;
        column.identity = (in.u8() & CDC_COLUMN_IDENTITY) != 0;
        column.name = in.str();
        column.type_oid = in.u32();
        column.typmod = static_cast<int32_t>(in.u32());
        column.codec = static_cast<char>(in.u8());
        relation.columns.push_back(std::move(column));
    }
    return relation;
}

}  // namespace

WireReader::WireReader(int version) : version_(version) {
    if (version < CDC_WIRE_VERSION_MIN || version > CDC_WIRE_VERSION_MAX) {
        throw WireError("wire format version " + std::to_string(version) + " is not supported");
    }
}

uint32_t WireReader::relid_of_number(uint64_t relnum) const {
    auto found = relids_by_number_.find(relnum);
    if (found == relids_by_number_.end()) {
        throw WireError("relation number " + std::to_string(relnum) + " before its RELATION message");
    }
    return found->second;
}

const RelationMessage* WireReader::relation(uint32_t relid) const {
    auto found = relations_.find(relid);
    return found == relations_.end() ? nullptr : &found->second;
}

Message WireReader::read(std::string_view bytes) {
    ByteCursor in(bytes);
    Message message = read_message(in);
    if (!in.at_end()) throw WireError(std::string("trailing bytes after message '") + bytes[0] + "'");
    return message;
}

std::vector<Message> WireReader::read_all(std::string_view bytes) {
    ByteCursor in(bytes);
    std::vector<Message> messages;
    do {
        messages.push_back(read_message(in));
    } while (!in.at_end());
    return messages;
}

Message WireReader::read_message(ByteCursor& in) {
    auto tag = static_cast<char>(in.u8());
    Message message;
    switch (tag) {
        case CDC_MSG_BEGIN: message = BeginMessage{in.u32(), in.u64(), in.i64()}; break;
        case CDC_MSG_COMMIT: message = CommitMessage{in.u64(), in.u64(), in.i64()}; break;
        case CDC_MSG_RELATION: {
            uint64_t relnum = 0;
            RelationMessage relation = read_relation(in, version_, relnum);
            if (version_ >= 2) relids_by_number_[relnum] = relation.relid;
            relations_[relation.relid] = relation;
            message = std::move(relation);
            break;
        }
        case CDC_MSG_INSERT:
        case CDC_MSG_UPDATE:
        case CDC_MSG_DELETE: message = read_row(in, tag); break;
        case CDC_MSG_TRUNCATE: message = read_truncate(in); break;
        default: throw WireError(std::string("unknown message tag '") + tag + "'");
    }
    return message;
}

RowMessage WireReader::read_row(ByteCursor& in, char tag) const {
    RowMessage row;
    row.tag = tag;
    uint64_t flags = 0;
    if (version_ >= 2) {
        uint64_t head = in.uvarint();
        flags = head & ((1u << CDC_ROW_FLAG_BITS) - 1);
        row.relid = relid_of_number(head >> CDC_ROW_FLAG_BITS);
    } else {
        row.relid = in.u32();
    }
    const RelationMessage* relation = this->relation(row.relid);
    if (relation == nullptr) {
        throw WireError("row of relation " + std::to_string(row.relid) + " before its RELATION message");
    }
    row.old_kind = tag == CDC_MSG_INSERT ? static_cast<char>(CDC_OLD_NONE) : static_cast<char>(in.u8());
    if (row.old_kind != CDC_OLD_NONE) {
        if (row.old_kind != CDC_OLD_FULL && row.old_kind != CDC_OLD_KEY) {
            throw WireError(std::string("unknown old tuple kind '") + row.old_kind + "'");
        }
        row.old_tuple = read_tuple(in, *relation, (flags & CDC_ROW_OLD_ALL_VALUES) != 0);
    }
    if (tag != CDC_MSG_DELETE) row.new_tuple = read_tuple(in, *relation, (flags & CDC_ROW_NEW_ALL_VALUES) != 0);
    return row;
}

TruncateMessage WireReader::read_truncate(ByteCursor& in) const {
    TruncateMessage truncate;
    uint8_t flags = in.u8();
    truncate.cascade = (flags & CDC_TRUNCATE_CASCADE) != 0;
    truncate.restart_identity = (flags & CDC_TRUNCATE_RESTART_IDENTITY) != 0;
    uint64_t count = in.uvarint();
    for (uint64_t i = 0; i < count; ++i) {
        truncate.relids.push_back(version_ >= 2 ? relid_of_number(in.uvarint()) : in.u32());
    }
    return truncate;
}

}  // namespace cdc::wire
