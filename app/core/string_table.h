// StringTable: the user-facing strings of one language, loaded from an asset file
// (assets/strings/<lang>.strings). The product speaks Danish first; English must have every
// key Danish has, which is checked at start-up so a missing translation is caught before a user
// sees a raw key.
//
// File format, UTF-8, one entry a line:
//     # a comment
//     app.title = Innovationsmotoren
//     help.text = First line\nsecond line        (\n is a newline, \\ a backslash)
#pragma once

#include "app/core/asset_source.h"
#include "common/status.h"

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace idekort {

// One value for a "{name}" placeholder in a string ("{count} kort venter").
struct Placeholder {
    std::string_view name;   // without the braces
    std::string value;
};

// `text` with every "{name}" of `values` replaced; unknown placeholders stay as written, so a
// translation that forgot one shows it rather than dropping words.
std::string fill_placeholders(std::string text, std::initializer_list<Placeholder> values);

class StringTable {
public:
    // Parses `content`; `source_name` is used in error messages ("da.strings:12: ...").
    static Expected<StringTable> parse(std::string_view content, std::string_view source_name);
    static Expected<StringTable> load(const AssetSource& assets, std::string_view name);

    // The string for `key`. A missing key gives "⟦key⟧", visible but never a crash.
    const std::string& get(std::string_view key) const;
    bool has(std::string_view key) const;
    std::size_t size() const { return m_entries.size(); }
    // Every key and its text (tests read the words as a person would).
    const std::map<std::string, std::string, std::less<>>& entries() const { return m_entries; }

    // Keys of `reference` that this table lacks, sorted.
    std::vector<std::string> missing_keys(const StringTable& reference) const;

private:
    std::map<std::string, std::string, std::less<>> m_entries;
    mutable std::map<std::string, std::string, std::less<>> m_missing;
};

// Both languages, and which one is shown. Switching keeps everything else (user text) intact.
class UiStrings {
public:
    // Loads strings/da.strings and strings/en.strings and checks that English covers Danish.
    static Expected<UiStrings> load(const AssetSource& assets);
    UiStrings(StringTable danish, StringTable english)
        : m_danish(std::move(danish)), m_english(std::move(english)) {}

    const std::string& operator()(std::string_view key) const { return active().get(key); }
    bool has(std::string_view key) const { return active().has(key); }
    // The string for `key` with its placeholders filled: strings("sync.waiting_count", {{"count", "3"}}).
    std::string operator()(std::string_view key, std::initializer_list<Placeholder> values) const {
        return fill_placeholders(active().get(key), values);
    }
    void set_language(std::string_view language) { m_english_active = (language == "en"); }
    std::string_view language() const { return m_english_active ? "en" : "da"; }

private:
    const StringTable& active() const { return m_english_active ? m_english : m_danish; }
    StringTable m_danish;
    StringTable m_english;
    bool m_english_active = false;
};

} // namespace idekort
