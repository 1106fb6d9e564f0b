// A minimal JSON writer for small diagnostic documents (the widget registry that tests and the
// browser's accessibility mirror read). Card serialization uses cereal instead; this exists so
// that app/core and platform/ can emit JSON without pulling cereal into every target.
#pragma once

#include <string>
#include <string_view>

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
    Writer& value(long long n);
    Writer& value(int n) { return value(static_cast<long long>(n)); }
    Writer& value(double d);
    Writer& null();
    const std::string& str() const { return m_out; }

private:
    void separate();
    void open(char c);
    Writer& close(char c);
    std::string m_out;
    bool m_first = true;      // no value yet at this level
    bool m_after_key = false; // the next value follows a key
};

} // namespace idekort::json
