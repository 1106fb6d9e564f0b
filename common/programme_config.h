// ProgrammeConfig: the innovation programme as configuration (assets/programme/programme.json):
// themes with their optional "Det vi tror på / Det vi vil investere inden for / Kriterier"
// texts, the general criteria, the departments, the kinds of gain, and the investment steps.
// The programme changed its themes and funding after 2022, so no code may assume six themes or
// three steps; everything iterates over what the file holds. Issue 14 adds what the pipeline
// needs: each theme's own scoring criteria and yearly budget, the close reasons' words, and
// zero funding steps for a programme that gives advice only.
//
// It is loaded and validated at start-up (app and server). A broken file fails as a whole with a
// message that names the place ("themes[2].name.en: missing"), never half a programme.
#pragma once

#include "common/status.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace idekort {

// A text in both product languages.
struct LocalText {
    std::string da;
    std::string en;
    const std::string& in(std::string_view language) const { return language == "en" ? en : da; }
};

struct NamedItem {
    std::string id;
    LocalText name;
};

struct ProgrammeTheme {
    std::string id;
    LocalText name;
    std::optional<LocalText> summary;         // one line of what the theme covers, under its name
    std::optional<LocalText> we_believe_in;   // "Det vi tror på"
    std::optional<LocalText> we_invest_in;    // "Det vi vil investere inden for"
    std::optional<LocalText> criteria;        // "De kriterier vi vil investere efter"
    // The theme's own screening criteria, scored beside the general ones (issue 14). Optional.
    std::vector<NamedItem> scoring_criteria;
    // Money the theme may commit in one calendar year, in kroner; none: no yearly limit.
    std::optional<long long> yearly_budget_dkk;
};

struct InvestmentStep {
    int step = 0;
    long long amount_dkk = 0;
};

struct ProgrammeConfig {
    static constexpr int supported_format = 1;

    LocalText name;
    std::string period;
    std::vector<ProgrammeTheme> themes;
    std::vector<NamedItem> criteria;
    std::vector<NamedItem> departments;
    std::vector<NamedItem> gain_kinds;
    // Empty: an advice track, the same process without money (issue 14).
    std::vector<InvestmentStep> investment_steps;
    // Words for the reasons a card can be closed with (ids as common/pipeline.h's CloseReason),
    // for the office's choices and the author's status page. Optional.
    std::vector<NamedItem> close_reasons;
    // The dashboard lists a card as waiting when it has stayed in a non-final state longer than
    // this many days (issue 14; "waiting_days", optional).
    int waiting_days = 14;

    // `source` names the file in messages.
    static Expected<ProgrammeConfig> parse(std::string_view json, std::string_view source);

    const ProgrammeTheme* theme(std::string_view id) const;
    const NamedItem* department(std::string_view id) const;
    const NamedItem* gain_kind(std::string_view id) const;
};

} // namespace idekort
