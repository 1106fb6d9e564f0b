// CSV and JSON exports (see card_export.h).
#include "server/api/card_export.h"

#include "common/card_json.h"
#include "common/json_writer.h"
#include "server/time_format.h"

namespace idekort::server {

namespace {
std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}
} // namespace

std::string csv_cell(std::string_view value) {
    std::string out = "\"";
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' || value[0] == '\t' || value[0] == '\r'))
        out.push_back('\'');
    for (char c : value) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string cards_csv(const std::vector<StoredCard>& cards) {
    static const char* const header[] = {"card_id", "receipt", "received_at", "state", "theme", "sender", "language",
                                         "channel", "title", "challenge", "target_group", "idea", "gain", "gain_kinds",
                                         "departments", "partners", "first_test", "needs", "contact_name",
                                         "contact_workplace", "contact_email", "contact_phone", "consent_to_contact",
                                         "created_at", "updated_at"};
    std::string out = "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < sizeof header / sizeof header[0]; ++i) out += (i ? "," : "") + csv_cell(header[i]);
    out += "\r\n";
    for (const StoredCard& stored : cards) {
        // Bodies were written by card_to_json, so they read back; a row that somehow does not
        // keeps its ids and says so in the title column rather than vanishing from the export.
        auto parsed = card_from_json(stored.body);
        IdeaCard card = parsed ? parsed.value() : IdeaCard{};
        if (!parsed) card.title = "(unreadable card: " + parsed.error().describe() + ")";
        const std::vector<std::string> row = {
            stored.card_id, stored.receipt, format_utc_ms(stored.received_ms), stored.state, stored.theme, stored.sender,
            card.language, std::string(to_string(card.origin.channel)), card.title, card.challenge, card.target_group,
            card.idea, card.gain.text, join(card.gain.kinds, ";"), join(card.departments, ";"), card.partners,
            card.first_test, card.needs, card.contact.name, card.contact.workplace, card.contact.email, card.contact.phone,
            card.has_contact ? (card.contact.consent_to_contact ? "yes" : "no") : "", card.created_at, card.updated_at};
        for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_cell(row[i]);
        out += "\r\n";
    }
    return out;
}

std::string stored_card_json(const StoredCard& c) {
    return "{\"card_id\":" + json::quote(c.card_id) + ",\"receipt\":" + json::quote(c.receipt) +
           ",\"received_at\":" + json::quote(format_utc_ms(c.received_ms)) + ",\"state\":" + json::quote(c.state) +
           ",\"theme\":" + json::quote(c.theme) + ",\"sender\":" + json::quote(c.sender) + ",\"card\":" + c.body + "}";
}

} // namespace idekort::server
