// The status page's words from the strings files (see status_words.h).
#include "server/api/status_words.h"

#include "common/file_io.h"
#include "common/text.h"

namespace idekort::server {

namespace {
const CardState every_state[] = {CardState::Received, CardState::Triaged, CardState::InScreening, CardState::InvitedToPitch,
                                 CardState::Pitched, CardState::StepFunded, CardState::LearningRecorded, CardState::Closed};

Expected<std::map<std::string, std::string>> read_status_keys(const std::string& path) {
    auto content = file_io::read_file(path);
    if (!content) return Error{content.error().describe(), path};
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    const std::string& text = content.value();
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view line = text::trim(std::string_view(text).substr(start, end - start));
        start = end + 1;
        if (line.rfind("status.", 0) != 0) continue;
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        std::string value(text::trim(line.substr(eq + 1)));
        for (std::size_t at; (at = value.find("\\n")) != std::string::npos;) value.replace(at, 2, "\n");
        out[std::string(text::trim(line.substr(0, eq)))] = value;
    }
    for (CardState state : every_state)
        for (const char* kind : {"status.stage.", "status.next."})
            if (!out.count(kind + std::string(to_string(state)))) return Error{"missing " + std::string(kind) + std::string(to_string(state)), path};
    for (const char* key : {"status.mail.subject", "status.mail.body", "status.provenance.card", "status.provenance.cluster",
                            "status.provenance.cards", "status.provenance.cards_one", "status.provenance.dots", "status.provenance.dots_one",
                            "status.summary.title", "status.summary.about", "status.summary.clusters", "status.summary.clusters_one",
                            "status.summary.theme", "status.summary.dots", "status.summary.card", "status.summary.unclustered",
                            "status.summary.hidden", "status.summary.none"})
        if (!out.count(key)) return Error{"missing " + std::string(key), path};
    return out;
}

std::string fill_step(std::string text, int step) {
    for (std::size_t at; (at = text.find("{step}")) != std::string::npos;) text.replace(at, 6, std::to_string(step));
    return text;
}
} // namespace

Expected<StatusWords> StatusWords::load(const std::string& dir) {
    StatusWords words;
    auto da = read_status_keys(dir + "/da.strings");
    if (!da) return da.error();
    auto en = read_status_keys(dir + "/en.strings");
    if (!en) return en.error();
    words.m_da = std::move(da.value());
    words.m_en = std::move(en.value());
    return words;
}

protocol::BilingualText StatusWords::words(const std::string& key, int step) const {
    const auto da = m_da.find(key);
    const auto en = m_en.find(key);
    return {da == m_da.end() ? std::string() : fill_step(da->second, step), en == m_en.end() ? std::string() : fill_step(en->second, step)};
}

std::string StatusWords::phrase(std::string_view language, const std::string& key, const std::map<std::string, std::string>& values) const {
    const auto& table = language == "en" ? m_en : m_da;
    const auto it = table.find(key);
    const std::string text = it == table.end() ? std::string() : it->second;
    // One pass over the template: a title that itself holds "{dots}" stays as it was written.
    std::string out;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t close = text[at] == '{' ? text.find('}', at) : std::string::npos;
        const auto value = close == std::string::npos ? values.end() : values.find(text.substr(at + 1, close - at - 1));
        if (value == values.end()) {
            out += text[at++];
        } else {
            out += value->second;
            at = close + 1;
        }
    }
    return out;
}

std::string StatusWords::count(std::string_view language, const std::string& key, std::int64_t n) const {
    return phrase(language, key + (n == 1 ? "_one" : ""), {{"n", std::to_string(n)}});
}

std::string StatusWords::provenance(std::string_view language, const std::string& workshop, const std::string& code,
                                    const std::string& cluster, std::size_t cards, std::int64_t dots) const {
    return phrase(language, cluster.empty() ? "status.provenance.card" : "status.provenance.cluster",
                  {{"workshop", workshop}, {"code", code}, {"cluster", cluster},
                   {"cards", count(language, "status.provenance.cards", static_cast<std::int64_t>(cards))},
                   {"dots", count(language, "status.provenance.dots", dots)}});
}

protocol::BilingualText StatusWords::stage(CardState state, int step) const { return words("status.stage." + std::string(to_string(state)), step); }
protocol::BilingualText StatusWords::next(CardState state, int step) const { return words("status.next." + std::string(to_string(state)), step); }

} // namespace idekort::server
