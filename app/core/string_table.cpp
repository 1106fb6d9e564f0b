// StringTable parsing and lookup (see string_table.h).
#include "app/core/string_table.h"

#include "common/text.h"

#include <cctype>

namespace idekort {

namespace {

Error error_at(std::string_view source, std::size_t line, std::string message) {
    return Error{std::move(message), std::string(source) + ":" + std::to_string(line)};
}

// Expands \n and \\ in a value; anything else after a backslash is an error.
bool unescape(std::string_view raw, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') { out.push_back(raw[i]); continue; }
        if (i + 1 == raw.size()) return false;
        const char next = raw[++i];
        if (next == 'n') out.push_back('\n');
        else if (next == '\\') out.push_back('\\');
        else return false;
    }
    return true;
}

} // namespace

Expected<StringTable> StringTable::parse(std::string_view content, std::string_view source_name) {
    if (!text::is_valid_utf8(content))
        return Error{"the file is not valid UTF-8 (save it as UTF-8)", std::string(source_name)};
    StringTable table;
    std::size_t line_number = 0;
    while (!content.empty()) {
        ++line_number;
        const std::size_t end = content.find('\n');
        std::string_view line = content.substr(0, end);
        content = end == std::string_view::npos ? std::string_view{} : content.substr(end + 1);
        if (line_number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3); // BOM
        line = text::trim(line);
        if (line.empty() || line.front() == '#') continue;
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos)
            return error_at(source_name, line_number, "expected 'key = text', found no '='");
        const std::string_view key = text::trim(line.substr(0, eq));
        if (key.empty()) return error_at(source_name, line_number, "the key before '=' is empty");
        for (const char c : key)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_'))
                return error_at(source_name, line_number,
                                "key '" + std::string(key) + "' may only use a-z, 0-9, '.' and '_'");
        std::string value;
        if (!unescape(text::trim(line.substr(eq + 1)), value))
            return error_at(source_name, line_number, "unknown escape in the text (use \\n or \\\\)");
        if (!table.m_entries.emplace(std::string(key), std::move(value)).second)
            return error_at(source_name, line_number, "key '" + std::string(key) + "' is defined twice");
    }
    return table;
}

Expected<StringTable> StringTable::load(const AssetSource& assets, std::string_view name) {
    auto content = assets.read(name);
    if (!content) return content.error();
    return parse(content.value(), name);
}

std::string fill_placeholders(std::string text, std::initializer_list<Placeholder> values) {
    for (const Placeholder& p : values) {
        const std::string token = "{" + std::string(p.name) + "}";
        for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at + p.value.size()))
            text.replace(at, token.size(), p.value);
    }
    return text;
}

const std::string& StringTable::get(std::string_view key) const {
    if (const auto it = m_entries.find(key); it != m_entries.end()) return it->second;
    auto [it, inserted] = m_missing.try_emplace(std::string(key));
    if (inserted) it->second = "\xE2\x9F\xA6" + std::string(key) + "\xE2\x9F\xA7"; // ⟦key⟧
    return it->second;
}

bool StringTable::has(std::string_view key) const { return m_entries.count(key) != 0; }

std::vector<std::string> StringTable::missing_keys(const StringTable& reference) const {
    std::vector<std::string> missing;
    for (const auto& [key, value] : reference.m_entries)
        if (!has(key)) missing.push_back(key);
    return missing;
}

Expected<UiStrings> UiStrings::load(const AssetSource& assets) {
    auto danish = StringTable::load(assets, "strings/da.strings");
    if (!danish) return danish.error();
    auto english = StringTable::load(assets, "strings/en.strings");
    if (!english) return english.error();
    const auto missing = english.value().missing_keys(danish.value());
    if (!missing.empty()) {
        std::string list;
        for (const auto& key : missing) list += (list.empty() ? "" : ", ") + key;
        return Error{"English lacks keys that Danish has: " + list, "strings/en.strings"};
    }
    return UiStrings(std::move(danish).value(), std::move(english).value());
}

} // namespace idekort
