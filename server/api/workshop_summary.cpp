// The workshop's printable summary (see workshop_summary.h).
#include "server/api/workshop_summary.h"

#include "common/text.h"

#include <cstdint>
#include <optional>

namespace idekort::server {

namespace {

// A cluster's colour as stored ("#rrggbb"); anything else prints in the wall's grey.
std::string css_colour(const std::string& colour) {
    bool ok = colour.size() == 7 && colour[0] == '#';
    for (std::size_t i = 1; ok && i < colour.size(); ++i) ok = text::hex_value(colour[i]) >= 0;
    return ok ? colour : "#464646";
}

// Print layout: A4 with margins, a cluster kept on one page where it fits, the colours printed.
constexpr const char* style =
    "@page{size:A4;margin:16mm}"
    "body{font:11pt/1.4 'Noto Sans','DejaVu Sans',sans-serif;color:#111;max-width:180mm;margin:10mm auto;"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}@media print{body{margin:0 auto}}"
    "h1{font-size:19pt;margin:0 0 1mm}.about{color:#444;margin:0 0 7mm}"
    "section{break-inside:avoid;margin:0 0 7mm}"
    "h2{font-size:13pt;margin:0;padding:1.5mm 3mm;color:#fff;border-radius:1.5mm}"
    "h2.plain{color:#111;background:#e8e8e8}.theme{margin:1.5mm 0 0;color:#444}"
    "table{width:100%;border-collapse:collapse;margin-top:2mm}"
    "th,td{text-align:left;padding:1.5mm 2mm;border-bottom:.3mm solid #bbb;vertical-align:top}"
    "th{font-size:9pt;color:#444;font-weight:normal}td.dots{width:16mm;text-align:right;font-weight:bold}"
    ".idea{color:#333;font-size:9.5pt;white-space:pre-line}.hidden{color:#444}";

} // namespace

std::string workshop_summary_html(const protocol::WorkshopInfo& info, const std::vector<protocol::WorkshopCluster>& clusters,
                                  const std::vector<protocol::WallCard>& cards, const ProgrammeConfig& programme,
                                  const StatusWords& words, std::string_view language) {
    const std::string lang = language == "en" ? "en" : "da";
    const auto say = [&](const std::string& key, const std::map<std::string, std::string>& values = {}) {
        return text::markup_escaped(words.phrase(lang, key, values));
    };
    std::size_t shown = 0, hidden = 0;
    std::int64_t dots = 0;
    for (const auto& c : cards) {
        if (c.status == "shown") ++shown, dots += c.dots;
        if (c.status == "hidden") ++hidden;
    }
    std::string page = "<!doctype html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                       say("status.summary.title", {{"workshop", info.title}}) + "</title>\n<style>" + style + "</style>\n</head>\n<body>\n";
    page += "<h1>" + say("status.summary.title", {{"workshop", info.title}}) + "</h1>\n";
    page += "<p class=\"about\">" + say("status.summary.about", {{"code", info.code}, {"date", info.created_at.substr(0, 10)},
                                                                 {"cards", words.count(lang, "status.provenance.cards", static_cast<std::int64_t>(shown))},
                                                                 {"clusters", words.count(lang, "status.summary.clusters", static_cast<std::int64_t>(clusters.size()))},
                                                                 {"dots", words.count(lang, "status.provenance.dots", dots)}}) +
            "</p>\n";
    // One section: its heading (coloured for a cluster), the theme, and its cards ranked.
    const auto section = [&](const std::optional<std::string>& cluster_id, const std::string& heading, const std::string& colour,
                             const std::string& theme) {
        std::string rows;
        std::int64_t section_dots = 0;
        for (const auto& c : cards) {
            const bool here = cluster_id ? c.cluster_id == cluster_id : !c.cluster_id || c.cluster_id->empty();
            if (c.status != "shown" || !here) continue;
            section_dots += c.dots;
            rows += "<tr><td class=\"dots\">" + std::to_string(c.dots) + "</td><td><strong>" + text::markup_escaped(c.title) +
                    "</strong>" + (c.idea.empty() || c.idea == c.title ? "" : "<div class=\"idea\">" + text::markup_escaped(c.idea) + "</div>") +
                    "</td></tr>\n";
        }
        if (rows.empty()) return;
        page += "<section>\n<h2" + (colour.empty() ? std::string(" class=\"plain\"") : " style=\"background:" + colour + "\"") + ">" +
                text::markup_escaped(heading) + " · " + text::markup_escaped(words.count(lang, "status.provenance.dots", section_dots)) +
                "</h2>\n";
        if (!theme.empty()) page += "<p class=\"theme\">" + say("status.summary.theme", {{"theme", theme}}) + "</p>\n";
        page += "<table>\n<thead><tr><th>" + say("status.summary.dots") + "</th><th>" + say("status.summary.card") +
                "</th></tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n</section>\n";
    };
    for (const auto& c : clusters) {
        const ProgrammeTheme* theme = c.theme.empty() ? nullptr : programme.theme(c.theme);
        section(c.cluster_id, c.name, css_colour(c.colour), theme ? theme->name.in(lang) : std::string());
    }
    section(std::nullopt, words.phrase(lang, "status.summary.unclustered"), "", "");
    if (shown == 0) page += "<p>" + say("status.summary.none") + "</p>\n";
    if (hidden > 0)
        page += "<p class=\"hidden\">" + say("status.summary.hidden", {{"cards", words.count(lang, "status.provenance.cards", static_cast<std::int64_t>(hidden))}}) +
                "</p>\n";
    return page + "</body>\n</html>\n";
}

} // namespace idekort::server
