// json::ObjectReader: reads one JSON object of the protocol (a request or reply, never the card:
// that is card_json.h's) by member name, and says what is wrong in words that name the member.
//
// The JSON guard (json_guard.h) runs before RapidJSON sees a byte. Each getter records the first
// problem ("code: must be text"); error() returns it once all members are read, so a message
// reader is a straight list of getters followed by one check. Members the reader did not ask
// for are refused in Strict mode and ignored in Tolerant mode: a v1 reader must tolerate members
// a newer v1 writer adds (docs/API.md, "Versioning"), while tests and tools can be strict.
#pragma once

#include "common/json_guard.h"
#include "common/status.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace idekort::json {

enum class Unknown { Tolerate, Refuse };

class ObjectReader {
public:
    // Parses `text`; an empty body reads as {} when `empty_is_object` (a POST with no body).
    ObjectReader(std::string_view text, const JsonLimits& limits, Unknown unknown = Unknown::Tolerate,
                 bool empty_is_object = false);
    ~ObjectReader();
    ObjectReader(const ObjectReader&) = delete;
    ObjectReader& operator=(const ObjectReader&) = delete;

    // The document is a JSON object within the limits. When false, error() says why and every
    // getter returns nothing.
    bool parsed() const { return m_parsed; }
    bool has(std::string_view name) const;

    // A member that must be there and have this type.
    std::string text(std::string_view name);
    std::int64_t integer(std::string_view name);
    bool flag(std::string_view name);
    // A member that may be missing or null.
    std::optional<std::string> optional_text(std::string_view name);
    std::optional<std::int64_t> optional_integer(std::string_view name);
    std::optional<bool> optional_flag(std::string_view name);
    // Any value, written back as compact JSON text (a card embedded in a list); missing is "".
    std::string json_text(std::string_view name);
    // A list of strings; missing or null reads as empty.
    std::vector<std::string> text_list(std::string_view name);
    // A list of objects, each read by `read_item` with its own reader over the item; missing or
    // null reads as empty. Problems inside an item are named "name[i].member".
    template <class T, class ReadItem>
    std::vector<T> object_list(std::string_view name, ReadItem&& read_item);

    // A problem the message's own rules found in a member that read well (an unknown role).
    void reject(std::string_view name, std::string message) { fail(name, std::move(message)); }

    // Ok when the object was read without a problem (and, in Refuse mode, held only the
    // members asked for); otherwise the first problem, `where` naming the member.
    Status error() const;

private:
    struct Doc;
    ObjectReader(const void* value, Unknown unknown, std::string prefix);
    const void* member(std::string_view name, bool required);
    const void* item(const void* list, std::size_t i) const;
    std::size_t list_size(const void* list) const;
    void fail(std::string_view name, std::string message);
    void fail_item(const Status& inner);

    std::unique_ptr<Doc> m_doc;          // owns the parsed document (the top-level reader only)
    const void* m_object = nullptr;      // the rapidjson::Value of this object
    Unknown m_unknown;
    std::string m_prefix;                // "problems[2]." inside a list
    std::set<std::string, std::less<>> m_asked;
    std::optional<Error> m_error;
    bool m_parsed = false;
};

template <class T, class ReadItem>
std::vector<T> ObjectReader::object_list(std::string_view name, ReadItem&& read_item) {
    std::vector<T> out;
    const void* list = member(name, false);
    if (!list) return out;
    const std::size_t n = list_size(list);
    if (n == static_cast<std::size_t>(-1)) {
        fail(name, "must be a list");
        return out;
    }
    for (std::size_t i = 0; i < n; ++i) {
        ObjectReader inner(item(list, i), m_unknown, m_prefix + std::string(name) + "[" + std::to_string(i) + "].");
        if (!inner.m_parsed) {
            fail(std::string(name) + "[" + std::to_string(i) + "]", "must be an object");
            return out;
        }
        T value = read_item(inner);
        if (auto s = inner.error(); !s) {
            fail_item(s);
            return out;
        }
        out.push_back(std::move(value));
    }
    return out;
}

} // namespace idekort::json
