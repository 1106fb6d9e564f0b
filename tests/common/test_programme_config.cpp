// Tests for common/programme_config.h: the shipped programme, and broken files that say where.
#include "common/programme_config.h"

#include "tests/test_support.h"

#include <doctest/doctest.h>

using namespace idekort;

namespace {
std::string shipped() { return test::read_project_file("assets/programme/programme.json"); }
using test::replace_once;
} // namespace

TEST_CASE("[ProgrammeConfig] the shipped programme: the seed's six themes, six departments, three steps") {
    auto p = ProgrammeConfig::parse(shipped(), "programme.json");
    REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error().describe()));
    const ProgrammeConfig& c = p.value();
    CHECK(c.themes.size() == 6);
    CHECK(c.themes[4].name.da == "Klima");
    CHECK(c.theme("climate") != nullptr);
    CHECK(c.theme("weather") == nullptr);
    CHECK(c.departments.size() == 6);
    CHECK(c.department("bu")->name.in("da") == "Børn og Unge");
    CHECK(c.criteria.size() == 3);
    REQUIRE(c.investment_steps.size() == 3);
    CHECK(c.investment_steps[0].amount_dkk == 25000);
    CHECK(c.investment_steps[2].amount_dkk == 250000);
    // Each theme says in a line what it covers, in both languages: the theme step shows it under
    // the name, so a person can choose (issue 12).
    for (const auto& theme : c.themes) {
        REQUIRE_MESSAGE(theme.summary.has_value(), theme.id);
        CHECK(!theme.summary->da.empty());
        CHECK(!theme.summary->en.empty());
    }
}

TEST_CASE("[ProgrammeConfig] other programmes: any number of themes and steps, optional theme texts") {
    std::string two = shipped();
    two = replace_once(two, "\"investment_steps\": [", "\"investment_steps\": [{\"step\": 1, \"amount_dkk\": 10000}, {\"step\": 2, \"amount_dkk\": 20000}], \"unused\": [");
    auto p = ProgrammeConfig::parse(two, "p.json");
    // an unrelated extra member is tolerated in the programme file; the steps are the new ones
    REQUIRE(p.ok());
    CHECK(p.value().investment_steps.size() == 2);
    const std::string with_texts = replace_once(shipped(), "\"id\": \"climate\",",
        "\"id\": \"climate\", \"we_believe_in\": {\"da\": \"Grøn omstilling\", \"en\": \"Green transition\"},");
    auto t = ProgrammeConfig::parse(with_texts, "p.json");
    REQUIRE(t.ok());
    REQUIRE(t.value().theme("climate")->we_believe_in.has_value());
    CHECK(t.value().theme("climate")->we_believe_in->en == "Green transition");
    CHECK_FALSE(t.value().theme("climate")->we_invest_in.has_value());
}

TEST_CASE("[ProgrammeConfig] a broken file fails whole, naming the place") {
    struct Case { std::string from, to, where, message; };
    const std::vector<Case> cases = {
        {"\"en\": \"Climate\"", "\"english\": \"Climate\"", "programme.json: themes[4].name.en", "missing"},
        {"\"id\": \"climate\"", "\"id\": \"integration\"", "programme.json: themes[4].id", "'integration' is used twice"},
        {"\"id\": \"climate\"", "\"id\": \"Klima!\"", "programme.json: themes[4].id", "may only use"},
        {"\"amount_dkk\": 125000", "\"amount_dkk\": 20000", "programme.json: investment_steps[1].amount_dkk", "larger than the step before"},
        {"\"format\": 1", "\"format\": 2", "programme.json: format", "this build reads format 1"},
        {"\"da\": \"Klima\"", "\"da\": \"  \"", "programme.json: themes[4].name.da", "must not be empty"},
        {"\"period\": \"2019-2022\",", "", "programme.json: period", "missing"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.where);
        auto p = ProgrammeConfig::parse(replace_once(shipped(), c.from, c.to), "programme.json");
        REQUIRE_FALSE(p.ok());
        CHECK(p.error().where == c.where);
        CHECK(p.error().message.find(c.message) != std::string::npos);
    }
    CHECK_FALSE(ProgrammeConfig::parse("{\"format\": 1, \"themes\": [", "programme.json").ok());
    auto empty = ProgrammeConfig::parse(replace_once(shipped(), "\"departments\": [", "\"departments\": [], \"x\": ["), "programme.json");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().describe() == "programme.json: departments: must have at least one entry");
}

TEST_CASE("[ProgrammeConfig] the pipeline's parts: theme criteria, yearly budgets, close reasons, an advice track") {
    const auto shipped_programme = ProgrammeConfig::parse(shipped(), "programme.json");
    REQUIRE(shipped_programme.ok());
    // Every close reason has words, in both languages, under the id the pipeline uses.
    REQUIRE(shipped_programme.value().close_reasons.size() == 5);
    for (const NamedItem& reason : shipped_programme.value().close_reasons) {
        CAPTURE(reason.id);
        CHECK(!reason.name.da.empty());
        CHECK(!reason.name.en.empty());
    }
    CHECK_FALSE(shipped_programme.value().theme("climate")->yearly_budget_dkk.has_value());

    std::string edited = replace_once(shipped(), "\"id\": \"climate\",",
        "\"id\": \"climate\", \"yearly_budget_dkk\": 400000, \"theme_criteria\": [{\"id\": \"less_co2\", \"text\": {\"da\": \"Mindre CO2\", \"en\": \"Less CO2\"}}],");
    edited = replace_once(edited, "\"investment_steps\": [", "\"investment_steps\": [], \"old_steps\": [");
    auto p = ProgrammeConfig::parse(edited, "p.json");
    REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error().describe()));
    CHECK(p.value().investment_steps.empty());   // zero steps: the advice track
    const ProgrammeTheme* climate = p.value().theme("climate");
    REQUIRE(climate->yearly_budget_dkk.has_value());
    CHECK(*climate->yearly_budget_dkk == 400000);
    REQUIRE(climate->scoring_criteria.size() == 1);
    CHECK(climate->scoring_criteria[0].id == "less_co2");
    CHECK(climate->scoring_criteria[0].name.da == "Mindre CO2");

    const auto negative = ProgrammeConfig::parse(replace_once(shipped(), "\"id\": \"climate\",", "\"id\": \"climate\", \"yearly_budget_dkk\": -1,"), "p.json");
    REQUIRE_FALSE(negative.ok());
    CHECK(negative.error().describe() == "p.json: themes[4].yearly_budget_dkk: must be a whole number of kroner, 0 or more");
    const auto bad_criterion = ProgrammeConfig::parse(replace_once(shipped(), "\"id\": \"climate\",",
        "\"id\": \"climate\", \"theme_criteria\": [{\"id\": \"Less CO2\", \"text\": {\"da\": \"x\", \"en\": \"x\"}}],"), "p.json");
    REQUIRE_FALSE(bad_criterion.ok());
    CHECK(bad_criterion.error().describe().find("themes[4].theme_criteria[0].id") != std::string::npos);
}
