// Card ids and receipt codes (see card_id.h).
#include "common/card_id.h"

#include "common/text.h"

#include <random>

namespace idekort {

namespace {

constexpr char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// The Crockford value of a typed character, or -1. Lower case, O, I and L are accepted.
int crockford_value(char c) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') return 0;
    if (c == 'I' || c == 'L') return 1;
    for (int i = 0; i < 32; ++i)
        if (crockford[i] == c) return i;
    return -1;
}

} // namespace

Uuid uuid_from_random_bytes(Uuid bytes) {
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40); // version 4
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
    return bytes;
}

Uuid new_uuid() {
    std::random_device device;
    Uuid bytes{};
    for (std::size_t i = 0; i < bytes.size(); i += 4) {
        const std::uint32_t r = device();
        for (std::size_t k = 0; k < 4; ++k) bytes[i + k] = static_cast<std::uint8_t>(r >> (8 * k));
    }
    return uuid_from_random_bytes(bytes);
}

std::string to_string(const Uuid& uuid) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < uuid.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(hex[uuid[i] >> 4]);
        out.push_back(hex[uuid[i] & 0x0F]);
    }
    return out;
}

Expected<Uuid> parse_uuid(std::string_view text) {
    if (text.size() != 36) return Error{"a card id is 36 characters (8-4-4-4-12 hex digits)", std::string(text)};
    Uuid out{};
    std::size_t byte = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i] != '-') return Error{"a card id has dashes after 8, 12, 16 and 20 hex digits", std::string(text)};
            ++i;
            continue;
        }
        const int hi = text::hex_value(text[i]), lo = text::hex_value(text[i + 1]);
        if (hi < 0 || lo < 0) return Error{"a card id has only hex digits and dashes", std::string(text)};
        out[byte++] = static_cast<std::uint8_t>(hi * 16 + lo);
        i += 2;
    }
    if ((out[6] >> 4) != 4 || (out[8] & 0xC0) != 0x80) return Error{"a card id must be a random (version 4) UUID", std::string(text)};
    return out;
}

bool is_uuid_v4(std::string_view text) { return parse_uuid(text).ok(); }

std::string receipt_code(const Uuid& id) {
    // Bits 0-39 of the UUID are all random in version 4 (the fixed bits start at byte 6).
    std::uint64_t bits = 0;
    for (int i = 0; i < 5; ++i) bits = (bits << 8) | id[i];
    std::string code(9, '-');
    for (int i = 7; i >= 0; --i) {
        code[i < 4 ? i : i + 1] = crockford[bits & 31];
        bits >>= 5;
    }
    return code;
}

Expected<std::string> normalise_receipt_code(std::string_view typed) {
    std::string code;
    for (const char c : typed) {
        if (c == '-' || c == ' ') continue;
        const int v = crockford_value(c);
        if (v < 0) return Error{std::string("'") + c + "' is not used in receipt codes", std::string(typed)};
        if (code.size() == 8) return Error{"a receipt code has 8 characters", std::string(typed)};
        code.push_back(crockford[v]);
    }
    if (code.size() != 8) return Error{"a receipt code has 8 characters", std::string(typed)};
    code.insert(4, "-");
    return code;
}

} // namespace idekort
