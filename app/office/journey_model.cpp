// JourneyModel (see journey_model.h).
#include "app/office/journey_model.h"

#include "common/protocol/message.h"
#include "common/text.h"

#include <cctype>

namespace idekort::office {

JourneyStage stage_of(CardState state) {
    switch (state) {
    case CardState::InvitedToPitch: return JourneyStage::Pitch;
    case CardState::Pitched: return JourneyStage::GoNoGo;
    case CardState::StepFunded: return JourneyStage::Learning;
    case CardState::LearningRecorded: return JourneyStage::AfterLearning;
    case CardState::Closed: return JourneyStage::Closed;
    default: return JourneyStage::BeforePitch;
    }
}

void JourneyDraft::write(json::Writer& w) const {
    w.begin_object().member("budget_text", budget_text).member("pitch_date", pitch_date);
    w.key("request");
    request.write(w);
    w.end_object();
}

JourneyDraft JourneyDraft::read(json::ObjectReader& r) {
    JourneyDraft d;
    d.budget_text = r.optional_text("budget_text").value_or("");
    d.pitch_date = r.optional_text("pitch_date").value_or("");
    const std::string request = r.json_text("request");
    if (auto parsed = protocol::from_json<protocol::TransitionRequest>(request)) d.request = std::move(parsed).value();
    else r.reject("request", parsed.error().describe());
    return d;
}

std::string journey_draft_key(const std::string& card_id) { return journey_draft_prefix + card_id; }

StepMoney next_step_money(const ProgrammeConfig& programme, int funded_steps) {
    StepMoney m;
    m.step = funded_steps + 1;
    m.advice = programme.investment_steps.empty();
    for (const InvestmentStep& s : programme.investment_steps)
        if (s.step == m.step) m.amount_dkk = s.amount_dkk;
    return m;
}

std::optional<long long> parse_kroner(const std::string& text) {
    std::string digits;
    std::string_view t = text::trim(text);
    if (t.size() >= 3 && (t.substr(t.size() - 3) == "kr." || t.substr(t.size() - 3) == "DKK")) t = text::trim(t.substr(0, t.size() - 3));
    else if (t.size() >= 2 && t.substr(t.size() - 2) == "kr") t = text::trim(t.substr(0, t.size() - 2));
    if (t.empty() || t.size() > 15) return std::nullopt;
    for (char c : t) {
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
        else if (c != '.' && c != ' ') return std::nullopt;   // Danish thousands: "25.000" or "25 000"
    }
    if (digits.empty()) return std::nullopt;
    return std::stoll(digits);
}

std::string format_kroner(long long amount) {
    std::string digits = std::to_string(amount < 0 ? -amount : amount), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return amount < 0 ? "-" + out : out;
}

bool is_iso_date(const std::string& t) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
    const int y = std::stoi(t.substr(0, 4)), m = std::stoi(t.substr(5, 2)), d = std::stoi(t.substr(8, 2));
    if (m < 1 || m > 12 || d < 1) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return d <= days[m - 1];
}

namespace {
bool blank(const std::string& s) { return text::trim(s).empty(); }
} // namespace

std::vector<std::string> draft_problems(const JourneyDraft& draft, const StepMoney& money) {
    std::vector<std::string> out;
    const protocol::TransitionRequest& r = draft.request;
    if (r.action == "record_pitch") {
        if (!is_iso_date(draft.pitch_date)) out.push_back("office.journey.missing.pitch_date");
    } else if (r.action == "fund_step") {
        const protocol::TestCardEntry t = r.test_card.value_or(protocol::TestCardEntry{});
        if (blank(t.hypothesis)) out.push_back("office.journey.missing.hypothesis");
        if (blank(t.test)) out.push_back("office.journey.missing.test");
        if (blank(t.measure)) out.push_back("office.journey.missing.measure");
        if (blank(t.success_criterion)) out.push_back("office.journey.missing.success");
        if (!is_iso_date(t.period_from) || !is_iso_date(t.period_to) || t.period_to < t.period_from)
            out.push_back("office.journey.missing.period");
        if (!money.advice && !parse_kroner(draft.budget_text)) out.push_back("office.journey.missing.budget");
        if (blank(t.owner)) out.push_back("office.journey.missing.owner");
    } else if (r.action == "record_learning") {
        const protocol::LearningEntry l = r.learning.value_or(protocol::LearningEntry{});
        if (blank(l.believed)) out.push_back("office.journey.missing.believed");
        if (blank(l.observed)) out.push_back("office.journey.missing.observed");
        if (blank(l.learned)) out.push_back("office.journey.missing.learned");
        if (l.decision.empty()) out.push_back("office.journey.missing.decision");
    } else if (r.action == "close") {
        if (blank(r.feedback)) out.push_back("office.card.feedback_missing");
    }
    return out;
}

protocol::TransitionRequest request_of(const JourneyDraft& draft, const StepMoney& money) {
    protocol::TransitionRequest r = draft.request;
    const auto trim = [](std::string& s) { s = std::string(text::trim(s)); };
    if (r.action == "record_pitch") {
        // The API has no member for the pitch's date: it goes to the log, where the page reads it.
        std::string note = std::string(text::trim(r.why));
        r.why = "pitch " + draft.pitch_date + (note.empty() ? "" : ": " + note);
    }
    if (r.test_card) {
        protocol::TestCardEntry& t = *r.test_card;
        trim(t.hypothesis), trim(t.test), trim(t.measure), trim(t.success_criterion), trim(t.owner);
        t.step = money.step;
        t.budget_dkk = money.advice ? 0 : parse_kroner(draft.budget_text).value_or(0);
    }
    if (r.learning) trim(r.learning->believed), trim(r.learning->observed), trim(r.learning->learned);
    trim(r.feedback);
    return r;
}

std::string close_reason_after(CardState state, const std::string& learning_decision) {
    if (state == CardState::StepFunded || state == CardState::LearningRecorded)
        return learning_decision == "hand_on" ? "handed_on" : "stopped_after_test";
    return "no_strategic_fit";
}

} // namespace idekort::office
