// Card messages on the wire (see cards.h).
#include "common/protocol/cards.h"

#include "common/protocol/message.h"

namespace idekort::protocol {

namespace {
CardState read_state(json::ObjectReader& r) {
    const std::string text = r.text("state");
    // An unknown state is a newer server's; the card still exists, so it reads as received
    // rather than failing the whole list.
    return parse_card_state(text).value_or(CardState::Received);
}

void write_cards(json::Writer& w, const std::vector<StoredCardEntry>& cards) {
    w.key("cards").begin_array();
    for (const StoredCardEntry& c : cards) c.write(w);
    w.end_array();
}
} // namespace

void PutCardReply::write(json::Writer& w) const {
    w.begin_object().member("card_id", card_id).member("receipt", receipt).member("received_at", received_at)
        .member("duplicate", duplicate).end_object();
}

PutCardReply PutCardReply::read(json::ObjectReader& r) {
    PutCardReply p;
    p.card_id = r.text("card_id");
    p.receipt = r.text("receipt");
    p.received_at = r.optional_text("received_at").value_or("");
    p.duplicate = r.optional_flag("duplicate").value_or(false);
    return p;
}

void BilingualText::write(json::Writer& w) const { w.begin_object().member("da", da).member("en", en).end_object(); }

BilingualText BilingualText::read(json::ObjectReader& r) {
    BilingualText t;
    t.da = r.text("da");
    t.en = r.text("en");
    return t;
}

void CardStatusReply::write(json::Writer& w) const {
    w.begin_object().member("receipt", receipt).member("state", to_string(state));
    if (!theme.empty()) w.member("theme", theme);
    if (received_at) w.member("received_at", *received_at);
    if (stage) {
        w.key("stage");
        stage->write(w);
    }
    if (next) {
        w.key("next");
        next->write(w);
    }
    if (!feedback.empty()) w.member("feedback", feedback);
    if (!changed_on.empty()) w.member("changed_on", changed_on);
    w.end_object();
}

CardStatusReply CardStatusReply::read(json::ObjectReader& r) {
    CardStatusReply s;
    s.receipt = r.text("receipt");
    s.state = read_state(r);
    s.theme = r.optional_text("theme").value_or("");
    s.received_at = r.optional_text("received_at");
    for (auto [name, member] : {std::pair{"stage", &s.stage}, std::pair{"next", &s.next}}) {
        const std::string text = r.json_text(name);
        if (text.empty() || text == "null") continue;
        auto words = from_json<BilingualText>(text);
        if (words) *member = words.value();
        else r.reject(name, words.error().describe());
    }
    s.feedback = r.optional_text("feedback").value_or("");
    s.changed_on = r.optional_text("changed_on").value_or("");
    return s;
}

void StoredCardEntry::write(json::Writer& w) const {
    w.begin_object().member("card_id", card_id).member("receipt", receipt).member("received_at", received_at)
        .member("state", to_string(state)).member("theme", theme).member("sender", sender);
    if (!state_since.empty()) w.member("version", version).member("state_since", state_since);
    w.key("card").raw(card_json);
    w.end_object();
}

StoredCardEntry StoredCardEntry::read(json::ObjectReader& r) {
    StoredCardEntry e;
    e.card_id = r.text("card_id");
    e.receipt = r.text("receipt");
    e.received_at = r.text("received_at");
    e.state = read_state(r);
    e.theme = r.optional_text("theme").value_or("");
    e.sender = r.optional_text("sender").value_or("");
    e.version = r.optional_integer("version").value_or(0);
    e.state_since = r.optional_text("state_since").value_or("");
    e.card_json = r.json_text("card");
    return e;
}

void CardListReply::write(json::Writer& w) const {
    w.begin_object();
    write_cards(w, cards);
    w.member("next_cursor", next_cursor).end_object();
}

CardListReply CardListReply::read(json::ObjectReader& r) {
    CardListReply l;
    l.cards = r.object_list<StoredCardEntry>("cards", [](json::ObjectReader& item) { return StoredCardEntry::read(item); });
    l.next_cursor = r.optional_text("next_cursor");
    return l;
}

void CardExportReply::write(json::Writer& w) const {
    w.begin_object();
    write_cards(w, cards);
    w.end_object();
}

CardExportReply CardExportReply::read(json::ObjectReader& r) {
    CardExportReply e;
    e.cards = r.object_list<StoredCardEntry>("cards", [](json::ObjectReader& item) { return StoredCardEntry::read(item); });
    return e;
}

} // namespace idekort::protocol
