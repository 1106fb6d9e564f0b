// IdeaCard: the idea card (docs/CARD-SCHEMA.md), shared by the app and idekort-server. Plain data;
// serialization lives in card_json.h (cereal), validation in card_validation.h.
//
// The contact part is kept apart from the idea (GDPR Art. 5 and 25): it is its own struct,
// optional as a whole, so that the pipeline can process and later retain ideas without the
// person behind them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace idekort {

// Where a card was written.
enum class Channel { Kiosk, Web, Workshop };

struct CardOrigin {
    Channel channel = Channel::Web;
    std::string device;        // device id (kiosk token id or browser install id), may be empty
    std::string workshop;      // workshop code, empty outside a workshop
};

struct GainPotential {
    std::string text;
    std::vector<std::string> kinds;   // ids: "economy", "citizen_quality", "work_environment", "climate"
};

struct CardContact {
    std::string name;
    std::string workplace;
    std::string email;
    std::string phone;
    bool consent_to_contact = false;

    bool empty() const { return name.empty() && workplace.empty() && email.empty() && phone.empty() && !consent_to_contact; }
};

struct IdeaCard {
    // Version of the card's JSON schema. Bump it when fields are added; card_json.cpp keeps
    // loading every older version.
    static constexpr std::uint32_t current_schema = 1;

    std::uint32_t schema = current_schema;
    std::string id;                 // UUID v4, made on the device when the card is created
    std::string created_at;         // UTC, RFC 3339 with Z ("2026-11-27T06:30:00Z")
    std::string updated_at;
    std::string language = "da";    // "da" or "en"
    CardOrigin origin;

    std::string title;
    std::string theme;              // programme theme id; empty = let the central office decide
    std::string challenge;
    std::string target_group;
    std::string idea;
    GainPotential gain;
    std::vector<std::string> departments;   // programme department ids
    std::string partners;
    std::string first_test;         // what a first 25k test could show (optional)
    std::string needs;              // skills, money (optional)

    bool has_contact = false;       // the contact part is present
    CardContact contact;

    bool operator==(const IdeaCard& other) const;
    bool operator!=(const IdeaCard& other) const { return !(*this == other); }
};

std::string_view to_string(Channel channel);
bool parse_channel(std::string_view text, Channel& out);

} // namespace idekort
