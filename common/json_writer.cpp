// JSON writing (see json_writer.h).
#include "common/json_writer.h"

#include <cstdio>

namespace idekort::json {

std::string quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out.push_back('"');
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out.push_back(ch);
            }
        }
    }
    out.push_back('"');
    return out;
}

void Writer::separate() {
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (!m_first) m_out += ',';
    m_first = false;
}

void Writer::open(char c) {
    separate();
    m_out += c;
    m_first = true;
}

Writer& Writer::close(char c) {
    m_out += c;
    m_first = false;
    return *this;
}

Writer& Writer::key(std::string_view name) {
    separate();
    m_out += quote(name);
    m_out += ':';
    m_after_key = true;
    return *this;
}

Writer& Writer::value(std::string_view s) {
    separate();
    m_out += quote(s);
    return *this;
}

Writer& Writer::value(bool b) {
    separate();
    m_out += b ? "true" : "false";
    return *this;
}

Writer& Writer::raw(std::string_view json) {
    separate();
    m_out += json;
    return *this;
}

Writer& Writer::fixed(double d, int decimals) {
    separate();
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, d == d ? d : 0.0);
    m_out += buffer;
    return *this;
}

Writer& Writer::value(double d) {
    separate();
    // Finite values only reach here (scales, times); NaN would not be JSON.
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", d == d ? d : 0.0);
    m_out += buffer;
    return *this;
}

Writer& Writer::null() {
    separate();
    m_out += "null";
    return *this;
}

} // namespace idekort::json
