// Sparring messages (issue 14, "Competences, not only money"): since 2023 the programme also
// gives advice without money, so a card can have a sparring partner, an account of the office
// (with its role) or a named person from outside, and a log of the advice given: the date, what
// was agreed and the next step. The log only grows; the partner can be changed.
#pragma once

#include "common/json_reader.h"
#include "common/json_writer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace idekort::protocol {

namespace route {
constexpr char card_sparring[] = "/api/v1/cards/{uuid}/sparring"; // GET: partner and advice; PUT: the partner
constexpr char card_advice[] = "/api/v1/cards/{uuid}/advice";     // POST: one piece of advice
} // namespace route

// PUT /api/v1/cards/{uuid}/sparring: exactly one of `account` (a user name) and `name` (a person
// without an account, with `organisation` optional).
struct SparringPartnerRequest {
    std::string account;
    std::string name;
    std::string organisation;

    void write(json::Writer& w) const;
    static SparringPartnerRequest read(json::ObjectReader& r);
    bool operator==(const SparringPartnerRequest& o) const { return account == o.account && name == o.name && organisation == o.organisation; }
};

struct SparringPartner {
    std::string account;           // the user name; empty for a named person
    std::string role;              // the account's role; empty for a named person
    std::string name;              // a named person; empty for an account
    std::string organisation;
    std::string set_by;
    std::string set_at;            // RFC 3339 UTC

    void write(json::Writer& w) const;
    static SparringPartner read(json::ObjectReader& r);
    bool operator==(const SparringPartner& o) const {
        return account == o.account && role == o.role && name == o.name && organisation == o.organisation && set_by == o.set_by &&
               set_at == o.set_at;
    }
};

// POST /api/v1/cards/{uuid}/advice, and one row of the log in replies (`by` and `at` then set).
struct AdviceEntry {
    std::string given_on;          // YYYY-MM-DD
    std::string agreed;            // what was agreed
    std::string next_step;         // the next step
    std::string by;
    std::string at;

    void write(json::Writer& w) const;
    static AdviceEntry read(json::ObjectReader& r);
    bool operator==(const AdviceEntry& o) const {
        return given_on == o.given_on && agreed == o.agreed && next_step == o.next_step && by == o.by && at == o.at;
    }
};

// GET /api/v1/cards/{uuid}/sparring, and the reply to PUT and POST.
struct SparringReply {
    std::string card_id;
    std::optional<SparringPartner> partner;   // null: none yet
    std::vector<AdviceEntry> advice;          // oldest first

    void write(json::Writer& w) const;
    static SparringReply read(json::ObjectReader& r);
    bool operator==(const SparringReply& o) const { return card_id == o.card_id && partner == o.partner && advice == o.advice; }
};

} // namespace idekort::protocol
