// Exports of stored cards for the central office: CSV for spreadsheets and JSON for tools.
//
// The CSV opens correctly in Excel and LibreOffice: UTF-8 with a byte-order mark (without it
// Excel reads "Ørum" as "Ã˜rum"), CRLF rows, every cell quoted. A cell starting with = + - @,
// tab or carriage return is prefixed with an apostrophe, so a card titled "=HYPERLINK(...)"
// is shown as text, never run as a formula (OWASP "CSV injection").
#pragma once

#include "common/protocol/cards.h"
#include "server/store/storage.h"

#include <string>
#include <string_view>
#include <vector>

namespace idekort::server {

// One CSV cell, quoted and escaped as above.
std::string csv_cell(std::string_view value);
// The contact columns (and the JSON's "contact") are filled only when `role` may see a card's
// contact in its state (common/pipeline.h may_see_contact); otherwise they are left empty.
std::string cards_csv(const std::vector<StoredCard>& cards, Role role);
// The same in pieces, for a streamed export: the byte-order mark and header row, then rows.
std::string cards_csv_header();
std::string cards_csv_rows(const std::vector<StoredCard>& cards, Role role);

// A stored card as the protocol lists it (GET /api/v1/cards, the JSON export), for `role`.
protocol::StoredCardEntry stored_card_entry(const StoredCard& card, Role role);

// The card's JSON with its stored contact put back (the card as it arrived), or without it.
std::string card_body_for(const StoredCard& card, Role role);

// An ingest item's idea and contact, kept apart (the contact goes to its own table).
void set_card_parts(IngestItem& item, IdeaCard card);

} // namespace idekort::server
