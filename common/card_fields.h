// The idea card's fields in one table: what each is called on the wire, how long it may be,
// whether a complete card needs it, whether it is one line or many, whether it is about the
// idea or the person, which wizard step edits it and which CSV column exports it.
//
// Readers: validation and sanitising (card_validation.cpp), the JSON reader's list of known
// members (card_json.cpp), the wizard's step of a field (app/core/card_wizard.cpp), the
// server's 409 list of differing fields and the CSV export (server/api/). A new field is one
// row here, plus its member in IdeaCard and its line in card_json.cpp's cereal functions.
#pragma once

#include "common/idea_card.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace idekort {

enum class FieldKind {
    Schema,       // the schema version number
    Id,           // the card's UUID
    Timestamp,    // RFC 3339 UTC
    Language,     // "da" or "en"
    Channel,      // kiosk, web, workshop
    Line,         // one line of text
    Block,        // text with line breaks
    ThemeId,      // a programme theme id, or empty
    IdList,       // programme ids (departments, gain kinds)
    Consent,      // the contact's consent flag
};

// Whom a field is about. Contact fields are personal data (GDPR): never echoed in a 409, kept
// apart in the card so the idea can outlive them.
enum class FieldPart { Card, Idea, Contact };

struct CardField {
    std::string_view path;          // "contact.email": FieldProblem::field, the wizard's key
    std::string_view member;        // the top-level JSON member holding it: "contact"
    std::string_view key;           // its name inside that member: "email" (= path at the top)
    FieldKind kind;
    FieldPart part;
    std::size_t max_chars;          // text fields: the limit in characters; 0 otherwise
    bool required_when_complete;    // CardCheck::Complete refuses it empty
    std::string_view wizard_step;   // the step key that edits it ("gain"); empty: none (review)
    std::string_view csv_column;    // its column in the CSV export; empty: not exported
    int csv_order;                  // the column's place among the card's columns (CSV keeps its order)

    bool multi_line() const { return kind == FieldKind::Block; }
    bool is_text() const { return kind == FieldKind::Line || kind == FieldKind::Block; }
};

// Every field, in the order of the card's JSON (and so of validation's problems).
const std::vector<CardField>& card_fields();
// The row for a path ("departments[1]" finds "departments"), or null.
const CardField* find_card_field(std::string_view path);

// The text field's value in `card` (only for is_text() rows).
const std::string& field_text(const CardField& field, const IdeaCard& card);
std::string& field_text(const CardField& field, IdeaCard& card);
// Any field's value as the CSV shows it: lists joined with ";", consent "yes"/"no" (empty
// without a contact part), the channel's name.
std::string field_display(const CardField& field, const IdeaCard& card);

// The top-level JSON members in which two cards differ, in card order (a 409's "fields").
// Only names: a contact's values are never part of the answer.
std::vector<std::string> differing_members(const IdeaCard& a, const IdeaCard& b);

} // namespace idekort
