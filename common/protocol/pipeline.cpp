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

namespace {
// A nested message member, read by its own type; its problems are named under `name`.
template <class T>
std::optional<T> read_nested(json::ObjectReader& r, const char* name) {
    const std::string text = r.json_text(name);
    if (text.empty() || text == "null") return std::nullopt;
    auto value = from_json<T>(text);
    if (value) return std::move(value.value());
    const Error& e = value.error();
    r.reject(std::string(name) + (e.where == "body" ? "" : "." + e.where), e.message);
    return std::nullopt;
}
} // namespace

void TestCardEntry::write(json::Writer& w) const {
    w.begin_object().member("step", step).member("hypothesis", hypothesis).member("test", test).member("measure", measure)
        .member("success_criterion", success_criterion).member("period_from", period_from).member("period_to", period_to)
        .member("budget_dkk", budget_dkk).member("owner", owner).member("believed", believed).member("observed", observed)
        .member("learned", learned).member("learning_decision", learning_decision).end_object();
}

TestCardEntry TestCardEntry::read(json::ObjectReader& r) {
    TestCardEntry t;
    t.step = r.optional_integer("step").value_or(0);
    t.hypothesis = r.text("hypothesis");
    t.test = r.text("test");
    t.measure = r.text("measure");
    t.success_criterion = r.text("success_criterion");
    t.period_from = r.text("period_from");
    t.period_to = r.text("period_to");
    t.budget_dkk = r.integer("budget_dkk");
    t.owner = r.text("owner");
    t.believed = r.optional_text("believed").value_or("");
    t.observed = r.optional_text("observed").value_or("");
    t.learned = r.optional_text("learned").value_or("");
    t.learning_decision = r.optional_text("learning_decision").value_or("");
    return t;
}

void LearningEntry::write(json::Writer& w) const {
    w.begin_object().member("believed", believed).member("observed", observed).member("learned", learned).member("decision", decision).end_object();
}

LearningEntry LearningEntry::read(json::ObjectReader& r) {
    LearningEntry l;
    l.believed = r.text("believed");
    l.observed = r.text("observed");
    l.learned = r.text("learned");
    l.decision = r.text("decision");
    return l;
}

void LedgerStep::write(json::Writer& w) const {
    w.begin_object().member("step", step).member("committed_dkk", committed_dkk).member("cards", cards).end_object();
}

LedgerStep LedgerStep::read(json::ObjectReader& r) {
    LedgerStep s;
    s.step = r.integer("step");
    s.committed_dkk = r.integer("committed_dkk");
    s.cards = r.integer("cards");
    return s;
}

void LedgerTheme::write(json::Writer& w) const {
    w.begin_object().member("theme", theme).member("budget_dkk", budget_dkk).member("committed_dkk", committed_dkk)
        .member("remaining_dkk", remaining_dkk).key("steps").begin_array();
    for (const LedgerStep& s : steps) s.write(w);
    w.end_array().end_object();
}

LedgerTheme LedgerTheme::read(json::ObjectReader& r) {
    LedgerTheme t;
    t.theme = r.text("theme");
    t.budget_dkk = r.optional_integer("budget_dkk");
    t.committed_dkk = r.integer("committed_dkk");
    t.remaining_dkk = r.optional_integer("remaining_dkk");
    t.steps = r.object_list<LedgerStep>("steps", [](json::ObjectReader& item) { return LedgerStep::read(item); });
    return t;
}

void LedgerReply::write(json::Writer& w) const {
    w.begin_object().member("year", year).key("themes").begin_array();
    for (const LedgerTheme& t : themes) t.write(w);
    w.end_array().end_object();
}

LedgerReply LedgerReply::read(json::ObjectReader& r) {
    LedgerReply l;
    l.year = r.integer("year");
    l.themes = r.object_list<LedgerTheme>("themes", [](json::ObjectReader& item) { return LedgerTheme::read(item); });
    return l;
}

void TransitionRequest::write(json::Writer& w) const {
    w.begin_object().member("action", action).member("version", version);
    if (!theme.empty()) w.member("theme", theme);
    if (!merged_into.empty()) w.member("merged_into", merged_into);
    if (!reason.empty()) w.member("reason", reason);
    if (!feedback.empty()) w.member("feedback", feedback);
    if (!why.empty()) w.member("why", why);
    if (test_card) {
        w.key("test_card");
        test_card->write(w);
    }
    if (learning) {
        w.key("learning");
        learning->write(w);
    }
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
    t.test_card = read_nested<TestCardEntry>(r, "test_card");
    t.learning = read_nested<LearningEntry>(r, "learning");
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
    w.key("test_cards").begin_array();
    for (const TestCardEntry& t : test_cards) t.write(w);
    w.end_array();
    if (contact) {
        w.key("contact");
        contact->write(w);
    }
    w.end_object();
}

void ContactEntry::write(json::Writer& w) const {
    w.begin_object().member("name", name).member("workplace", workplace).member("email", email).member("phone", phone)
        .key("consent_to_contact").value(consent_to_contact);
    w.end_object();
}

ContactEntry ContactEntry::read(json::ObjectReader& r) {
    ContactEntry c;
    c.name = r.optional_text("name").value_or("");
    c.workplace = r.optional_text("workplace").value_or("");
    c.email = r.optional_text("email").value_or("");
    c.phone = r.optional_text("phone").value_or("");
    c.consent_to_contact = r.optional_flag("consent_to_contact").value_or(false);
    return c;
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
    p.test_cards = r.object_list<TestCardEntry>("test_cards", [](json::ObjectReader& item) { return TestCardEntry::read(item); });
    p.contact = read_nested<ContactEntry>(r, "contact");
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

void ContactErasureReply::write(json::Writer& w) const {
    w.begin_object().member("card_id", card_id).member("erased_at", erased_at).end_object();
}

ContactErasureReply ContactErasureReply::read(json::ObjectReader& r) {
    ContactErasureReply c;
    c.card_id = r.text("card_id");
    c.erased_at = r.text("erased_at");
    return c;
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
