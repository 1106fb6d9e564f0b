// Pipeline messages on the wire (see pipeline.h).
#include "common/protocol/pipeline.h"

#include "common/protocol/message.h"

namespace idekort::protocol {

namespace {
// A state this build does not know is a newer server's; it reads as received rather than
// failing the whole reply (as cards.cpp does).
CardState read_state(json::ObjectReader& r, const char* name) {
    return parse_card_state(r.text(name)).value_or(CardState::Received);
}

void write_texts(json::Writer& w, const char* name, const std::vector<std::string>& items) {
    w.key(name).begin_array();
    for (const std::string& item : items) w.value(item);
    w.end_array();
}
} // namespace

void TransitionRequest::write(json::Writer& w) const {
    w.begin_object().member("action", action).member("version", version);
    if (!theme.empty()) w.member("theme", theme);
    if (!merged_into.empty()) w.member("merged_into", merged_into);
    if (!reason.empty()) w.member("reason", reason);
    if (!feedback.empty()) w.member("feedback", feedback);
    if (!why.empty()) w.member("why", why);
    w.end_object();
}

TransitionRequest TransitionRequest::read(json::ObjectReader& r) {
    TransitionRequest t;
    t.action = r.text("action");
    t.version = r.integer("version");
    t.theme = r.optional_text("theme").value_or("");
    t.merged_into = r.optional_text("merged_into").value_or("");
    t.reason = r.optional_text("reason").value_or("");
    t.feedback = r.optional_text("feedback").value_or("");
    t.why = r.optional_text("why").value_or("");
    return t;
}

void TransitionLogEntry::write(json::Writer& w) const {
    w.begin_object().member("version", version).member("action", action).member("from", to_string(from))
        .member("to", to_string(to)).member("step", step).member("by", by).member("role", role).member("at", at)
        .member("why", why).end_object();
}

TransitionLogEntry TransitionLogEntry::read(json::ObjectReader& r) {
    TransitionLogEntry e;
    e.version = r.integer("version");
    e.action = r.text("action");
    e.from = read_state(r, "from");
    e.to = read_state(r, "to");
    e.step = static_cast<int>(r.integer("step"));
    e.by = r.text("by");
    e.role = r.text("role");
    e.at = r.text("at");
    e.why = r.optional_text("why").value_or("");
    return e;
}

void PipelineCardReply::write(json::Writer& w) const {
    w.begin_object().member("card_id", card_id).member("receipt", receipt).member("state", to_string(state))
        .member("step", step).member("theme", theme).member("close_reason", close_reason).member("merged_into", merged_into)
        .member("feedback", feedback).member("version", version).member("changed_at", changed_at);
    write_texts(w, "actions", actions);
    w.key("log").begin_array();
    for (const TransitionLogEntry& e : log) e.write(w);
    w.end_array();
    w.end_object();
}

PipelineCardReply PipelineCardReply::read(json::ObjectReader& r) {
    PipelineCardReply p;
    p.card_id = r.text("card_id");
    p.receipt = r.text("receipt");
    p.state = read_state(r, "state");
    p.step = static_cast<int>(r.integer("step"));
    p.theme = r.optional_text("theme").value_or("");
    p.close_reason = r.optional_text("close_reason");
    p.merged_into = r.optional_text("merged_into").value_or("");
    p.feedback = r.optional_text("feedback").value_or("");
    p.version = r.integer("version");
    p.changed_at = r.text("changed_at");
    p.actions = r.text_list("actions");
    p.log = r.object_list<TransitionLogEntry>("log", [](json::ObjectReader& item) { return TransitionLogEntry::read(item); });
    return p;
}

void TransitionRefusalReply::write(json::Writer& w) const {
    w.begin_object().member("error", error).member("message", message);
    if (current) {
        w.key("current");
        current->write(w);
    }
    w.end_object();
}

TransitionRefusalReply TransitionRefusalReply::read(json::ObjectReader& r) {
    TransitionRefusalReply t;
    t.error = r.text("error");
    t.message = r.text("message");
    const std::string current = r.json_text("current");
    if (!current.empty() && current != "null") {
        auto card = from_json<PipelineCardReply>(current);
        if (card) t.current = std::move(card.value());
        else r.reject("current", card.error().describe());
    }
    return t;
}

void AccountThemesRequest::write(json::Writer& w) const {
    w.begin_object();
    write_texts(w, "themes", themes);
    w.end_object();
}

AccountThemesRequest AccountThemesRequest::read(json::ObjectReader& r) {
    AccountThemesRequest a;
    a.themes = r.text_list("themes");
    return a;
}

void AccountThemesReply::write(json::Writer& w) const {
    w.begin_object().member("username", username);
    write_texts(w, "themes", themes);
    w.end_object();
}

AccountThemesReply AccountThemesReply::read(json::ObjectReader& r) {
    AccountThemesReply a;
    a.username = r.text("username");
    a.themes = r.text_list("themes");
    return a;
}

} // namespace idekort::protocol
