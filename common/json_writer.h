// json::Writer: the one way this code base writes JSON (server replies, protocol messages, the
// app's state and item documents, log lines). It writes compact JSON (no spaces), so output that
// tests or the web page read is stable byte for byte. The idea card itself is written by cereal
// (card_json.h), and a finished document can be embedded whole with raw() (a stored card body).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace idekort::json {

// `s` as a quoted JSON string, with quotes, backslashes and control characters escaped.
// Non-ASCII UTF-8 passes through unchanged (JSON is UTF-8).
std::string quote(std::string_view s);

// Writes a JSON document in order, placing the commas: w.begin_object(); w.key("a").value(1);
// ... w.end_object(); w.str(). No validation beyond that: callers write well-formed sequences.
class Writer {
public:
    Writer& begin_object() { open('{'); return *this; }
    Writer& end_object() { return close('}'); }
    Writer& begin_array() { open('['); return *this; }
    Writer& end_array() { return close(']'); }
    Writer& key(std::string_view name);
    Writer& value(std::string_view s);
    Writer& value(const char* s) { return value(std::string_view(s)); }
    Writer& value(const std::string& s) { return value(std::string_view(s)); }
    Writer& value(bool b);
    // Any integer type (int, std::int64_t, std::size_t, ...), written exactly.
    template <class Integer, std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
    Writer& value(Integer n) { return raw(std::to_string(n)); }
    Writer& value(double d);
    // A fixed number of decimals ("10.0"), for values people read (rects, milliseconds).
    Writer& fixed(double d, int decimals);
    Writer& null();
    // null when empty, else the value: the API's optional members ("revoked_at": null).
    template <class T>
    Writer& value(const std::optional<T>& v) { return v ? value(*v) : null(); }
    // A finished JSON value written by someone else (cereal's card), placed as it is.
    Writer& raw(std::string_view json);

    // key(name).value(v) in one call: w.member("id", id).
    template <class T>
    Writer& member(std::string_view name, const T& v) { return key(name).value(v); }

    const std::string& str() const { return m_out; }
    std::string take() { return std::move(m_out); }

private:
    void separate();
    void open(char c);
    Writer& close(char c);
    std::string m_out;
    bool m_first = true;      // no value yet at this level
    bool m_after_key = false; // the next value follows a key
};

} // namespace idekort::json
