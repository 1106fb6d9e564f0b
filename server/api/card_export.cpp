// CSV and JSON exports (see card_export.h).
#include "server/api/card_export.h"

#include "common/card_fields.h"
#include "common/card_json.h"
#include "common/pipeline.h"
#include "common/rfc3339.h"

#include <algorithm>
#include <iterator>

namespace idekort::server {

namespace {
// The card's exported fields in their column order (common/card_fields.h).
const std::vector<const CardField*>& csv_fields() {
    static const std::vector<const CardField*> fields = [] {
        std::vector<const CardField*> out;
        for (const CardField& f : card_fields())
            if (!f.csv_column.empty()) out.push_back(&f);
        std::sort(out.begin(), out.end(), [](const CardField* a, const CardField* b) { return a->csv_order < b->csv_order; });
        return out;
    }();
    return fields;
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

std::string cards_csv(const std::vector<StoredCard>& cards, Role role) { return cards_csv_header() + cards_csv_rows(cards, role); }

namespace {
// The list and the export reach only roles that see every card's contact in any state; for
// them `reached_pitch` does not matter, and for a director it errs on the side of hiding.
bool contact_shown(const StoredCard& card, Role role) { return card.contact && may_see_contact(role, card.state, false); }
} // namespace

std::string card_body_for(const StoredCard& stored, Role role) {
    if (!contact_shown(stored, role)) return stored.body;
    auto card = card_from_json(stored.body);
    if (!card) return stored.body;   // the idea as stored; the contact stays in its table
    card.value().has_contact = true;
    card.value().contact = *stored.contact;
    return card_to_json(card.value());
}

void set_card_parts(IngestItem& item, IdeaCard card) {
    if (card.has_contact) item.contact = card.contact;
    else item.contact.reset();
    card.has_contact = false;
    card.contact = {};
    item.body = card_to_json(card);
}

std::string cards_csv_header() {
    // The server's facts about each card first, then the card's own fields.
    static const char* const stored_columns[] = {"card_id", "receipt", "received_at", "state", "theme", "sender"};
    std::string out = "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < std::size(stored_columns); ++i) out += (i ? "," : "") + csv_cell(stored_columns[i]);
    for (const CardField* f : csv_fields()) out += "," + csv_cell(f->csv_column);
    out += "\r\n";
    return out;
}

std::string cards_csv_rows(const std::vector<StoredCard>& cards, Role role) {
    std::string out;
    for (const StoredCard& stored : cards) {
        // Bodies were written by card_to_json, so they read back; a row that somehow does not
        // keeps its ids and says so in the title column rather than vanishing from the export.
        auto parsed = card_from_json(stored.body);
        IdeaCard card = parsed ? parsed.value() : IdeaCard{};
        if (!parsed) card.title = "(unreadable card: " + parsed.error().describe() + ")";
        if (contact_shown(stored, role)) {
            card.has_contact = true;
            card.contact = *stored.contact;
        }
        out += csv_cell(stored.card_id) + "," + csv_cell(stored.receipt) + "," + csv_cell(format_utc_ms(stored.received_ms)) + "," +
               csv_cell(to_string(stored.state)) + "," + csv_cell(stored.theme) + "," + csv_cell(stored.sender);
        for (const CardField* f : csv_fields()) out += "," + csv_cell(field_display(*f, card));
        out += "\r\n";
    }
    return out;
}

protocol::StoredCardEntry stored_card_entry(const StoredCard& c, Role role) {
    return {c.card_id, c.receipt, format_utc_ms(c.received_ms), c.state, c.theme, c.sender, card_body_for(c, role), c.version,
            format_utc_ms(c.state_since_ms)};
}

} // namespace idekort::server
