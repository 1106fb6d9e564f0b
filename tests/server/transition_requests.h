// Transition requests as the office app sends them, for the tests of issue 14 that move cards
// through the pipeline, over HTTP (office_server.h) or in-process (test_privacy.cpp). The
// version is filled in by whoever sends them.
#pragma once

#include "common/protocol/pipeline.h"

namespace idekort::test {

// Transition requests as the office app sends them (the version is filled in by move()).
inline protocol::TransitionRequest act(const char* action) {
    protocol::TransitionRequest r;
    r.action = action;
    r.why = "dashboard test";
    return r;
}
inline protocol::TransitionRequest triage(const char* theme) {
    auto r = act("triage");
    r.theme = theme;
    return r;
}
inline protocol::TransitionRequest close_no_fit() {
    auto r = act("close");
    r.reason = "no_strategic_fit";
    r.feedback = "Tak for idéen; den passer ikke til temaerne nu.";
    return r;
}
inline protocol::TransitionRequest fund(std::int64_t dkk) {
    auto r = act("fund_step");
    r.test_card = protocol::TestCardEntry{0, "Vi tror, at elever og ældre vil reparere cykler sammen",
                                          "For at afprøve det vil vi holde tre eftermiddage", "og måle, hvor mange der kommer igen",
                                          "Vi har ret, hvis halvdelen kommer igen", "2027-01-01", "2027-03-31", dkk, "Åse Ørum", "", "", "", ""};
    return r;
}
inline protocol::TransitionRequest learn() {
    auto r = act("record_learning");
    r.learning = protocol::LearningEntry{"at de ville komme igen", "otte af tolv kom igen", "faste tider virker bedst", "next_step"};
    return r;
}

} // namespace idekort::test
