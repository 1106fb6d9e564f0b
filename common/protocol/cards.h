// Card messages: the reply to PUT /api/v1/cards/{uuid} (the card itself is the request body,
// common/card_json.h), the public status by receipt code, and the office's lists and exports.
// Times are RFC 3339 UTC text on the wire (common/rfc3339.h).
#pragma once

#include "common/card_state.h"
#include "common/json_reader.h"
#include "common/json_writer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace idekort::protocol {

// 201 (first arrival) or 200 (the identical card again, duplicate = true, the first receipt).
struct PutCardReply {
    std::string card_id;
    std::string receipt;
    std::string received_at;
    bool duplicate = false;

    void write(json::Writer& w) const;
    static PutCardReply read(json::ObjectReader& r);
    bool operator==(const PutCardReply& o) const {
        return card_id == o.card_id && receipt == o.receipt && received_at == o.received_at && duplicate == o.duplicate;
    }
};

// A text in both product languages, Danish first.
struct BilingualText {
    std::string da;
    std::string en;

    void write(json::Writer& w) const;
    static BilingualText read(json::ObjectReader& r);
    bool operator==(const BilingualText& o) const { return da == o.da && en == o.en; }
};

// GET /api/v1/status/{receipt}: what anyone holding the code may see: the stage, nothing more.
// A receipt can be seen over a shoulder or guessed, so the card's text, theme and arrival time
// are not said; servers before issue 13 sent theme and received_at, which are still read.
struct CardStatusReply {
    std::string receipt;
    CardState state = CardState::Received;
    std::string theme;                        // empty: not said (written only when set)
    std::optional<std::string> received_at;   // not said by servers since issue 13
    // Since issue 14, in plain words for the person who wrote the idea: the stage, what happens
    // next, the feedback once closed, and the date (only) of the last change. Written only when set.
    std::optional<BilingualText> stage;
    std::optional<BilingualText> next;
    std::string feedback;
    std::string changed_on;                   // YYYY-MM-DD

    void write(json::Writer& w) const;
    static CardStatusReply read(json::ObjectReader& r);
    bool operator==(const CardStatusReply& o) const {
        return receipt == o.receipt && state == o.state && theme == o.theme && received_at == o.received_at && stage == o.stage &&
               next == o.next && feedback == o.feedback && changed_on == o.changed_on;
    }
};

// A stored card as the office sees it: the server's facts and the card's canonical JSON.
struct StoredCardEntry {
    std::string card_id;
    std::string receipt;
    std::string received_at;
    CardState state = CardState::Received;
    std::string theme;
    std::string sender;          // "device:<id>" or "key:<fingerprint>"
    std::string card_json;       // the card, as common/card_json.h wrote it
    // Since issue 14 (servers before it send neither): the pipeline's version, for a transition
    // made from the list, and when the card entered its state (RFC 3339 UTC).
    std::int64_t version = 0;
    std::string state_since;

    void write(json::Writer& w) const;
    static StoredCardEntry read(json::ObjectReader& r);
    bool operator==(const StoredCardEntry& o) const {
        return card_id == o.card_id && receipt == o.receipt && received_at == o.received_at && state == o.state &&
               theme == o.theme && sender == o.sender && card_json == o.card_json && version == o.version && state_since == o.state_since;
    }
};

// GET /api/v1/cards: one page; next_cursor is null on the last.
struct CardListReply {
    std::vector<StoredCardEntry> cards;
    std::optional<std::string> next_cursor;

    void write(json::Writer& w) const;
    static CardListReply read(json::ObjectReader& r);
    bool operator==(const CardListReply& o) const { return cards == o.cards && next_cursor == o.next_cursor; }
};

// GET /api/v1/cards/export?format=json: every card the filter selects, unpaged.
struct CardExportReply {
    std::vector<StoredCardEntry> cards;

    void write(json::Writer& w) const;
    static CardExportReply read(json::ObjectReader& r);
    bool operator==(const CardExportReply& o) const { return cards == o.cards; }
};

} // namespace idekort::protocol
