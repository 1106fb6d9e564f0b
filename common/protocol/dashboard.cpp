// Dashboard messages (see dashboard.h).
#include "common/protocol/dashboard.h"

#include "common/protocol/message.h"

namespace idekort::protocol {

namespace {
// A member that is itself an object: read through its own message reader, its problem named.
template <class Message>
void read_nested(json::ObjectReader& r, const char* name, Message& out) {
    auto nested = from_json<Message>(r.json_text(name));
    if (nested) out = nested.value();
    else r.reject(name, nested.error().describe());
}

CardState read_state(json::ObjectReader& r) {
    // A state this build does not know is a newer server's; it reads as received rather than failing the page.
    return parse_card_state(r.text("state")).value_or(CardState::Received);
}
} // namespace

void DashboardTheme::write(json::Writer& w) const {
    w.begin_object().member("id", id).key("name");
    name.write(w);
    w.end_object();
}

DashboardTheme DashboardTheme::read(json::ObjectReader& r) {
    DashboardTheme t;
    t.id = r.text("id");
    read_nested(r, "name", t.name);
    return t;
}

void FunnelCount::write(json::Writer& w) const {
    w.begin_object().member("state", to_string(state)).member("theme", theme).member("count", count).end_object();
}

FunnelCount FunnelCount::read(json::ObjectReader& r) {
    FunnelCount f;
    f.state = read_state(r);
    f.theme = r.text("theme");
    f.count = r.integer("count");
    return f;
}

void MoneyLine::write(json::Writer& w) const {
    w.begin_object().member("theme", theme).member("step", step).member("committed_dkk", committed_dkk).end_object();
}

MoneyLine MoneyLine::read(json::ObjectReader& r) {
    MoneyLine m;
    m.theme = r.text("theme");
    m.step = r.integer("step");
    m.committed_dkk = r.integer("committed_dkk");
    return m;
}

void BudgetLine::write(json::Writer& w) const {
    w.begin_object().member("theme", theme).member("budget_dkk", budget_dkk).member("committed_dkk", committed_dkk)
        .member("remaining_dkk", remaining_dkk).end_object();
}

BudgetLine BudgetLine::read(json::ObjectReader& r) {
    BudgetLine b;
    b.theme = r.text("theme");
    b.budget_dkk = r.optional_integer("budget_dkk");
    b.committed_dkk = r.integer("committed_dkk");
    b.remaining_dkk = r.optional_integer("remaining_dkk");
    return b;
}

void MedianDays::write_members(json::Writer& w) const {
    w.member("median_days", median_days).member("median_hours", median_hours).member("cards", cards);
}

void MedianDays::read_members(json::ObjectReader& r) {
    median_days = r.optional_integer("median_days");
    median_hours = r.optional_integer("median_hours");
    cards = r.integer("cards");
}

void MedianDays::write(json::Writer& w) const {
    w.begin_object();
    write_members(w);
    w.end_object();
}

MedianDays MedianDays::read(json::ObjectReader& r) {
    MedianDays m;
    m.read_members(r);
    return m;
}

void StateDays::write(json::Writer& w) const {
    w.begin_object().member("state", to_string(state));
    days.write_members(w);
    w.end_object();
}

StateDays StateDays::read(json::ObjectReader& r) {
    StateDays s;
    s.state = read_state(r);
    s.days.read_members(r);
    return s;
}

void WaitingCard::write(json::Writer& w) const {
    w.begin_object().member("card_id", card_id).member("receipt", receipt).member("title", title).member("theme", theme)
        .member("state", to_string(state)).member("since", since).member("days", days).end_object();
}

WaitingCard WaitingCard::read(json::ObjectReader& r) {
    WaitingCard c;
    c.card_id = r.text("card_id");
    c.receipt = r.text("receipt");
    c.title = r.text("title");
    c.theme = r.text("theme");
    c.state = read_state(r);
    c.since = r.text("since");
    c.days = r.integer("days");
    return c;
}

void DashboardReply::write(json::Writer& w) const {
    w.begin_object().member("generated_at", generated_at).member("year", year).member("waiting_days", waiting_days);
    w.key("themes").begin_array();
    for (const auto& t : themes) t.write(w);
    w.end_array().key("funnel").begin_array();
    for (const auto& f : funnel) f.write(w);
    w.end_array().key("money").begin_array();
    for (const auto& m : money) m.write(w);
    w.end_array().key("budgets").begin_array();
    for (const auto& b : budgets) b.write(w);
    w.end_array().key("days_to_first_decision");
    days_to_first_decision.write(w);
    w.key("days_in_state").begin_array();
    for (const auto& d : days_in_state) d.write(w);
    w.end_array().key("waiting").begin_array();
    for (const auto& c : waiting) c.write(w);
    w.end_array().member("waiting_total", waiting_total).end_object();
}

DashboardReply DashboardReply::read(json::ObjectReader& r) {
    DashboardReply d;
    d.generated_at = r.text("generated_at");
    d.year = r.integer("year");
    d.waiting_days = r.integer("waiting_days");
    d.themes = r.object_list<DashboardTheme>("themes", [](json::ObjectReader& item) { return DashboardTheme::read(item); });
    d.funnel = r.object_list<FunnelCount>("funnel", [](json::ObjectReader& item) { return FunnelCount::read(item); });
    d.money = r.object_list<MoneyLine>("money", [](json::ObjectReader& item) { return MoneyLine::read(item); });
    d.budgets = r.object_list<BudgetLine>("budgets", [](json::ObjectReader& item) { return BudgetLine::read(item); });
    read_nested(r, "days_to_first_decision", d.days_to_first_decision);
    d.days_in_state = r.object_list<StateDays>("days_in_state", [](json::ObjectReader& item) { return StateDays::read(item); });
    d.waiting = r.object_list<WaitingCard>("waiting", [](json::ObjectReader& item) { return WaitingCard::read(item); });
    d.waiting_total = r.integer("waiting_total");
    return d;
}

} // namespace idekort::protocol
