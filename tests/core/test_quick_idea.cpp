// Tests for app/core/quick_idea.h: what a user sees when noting a one-line idea.
#include "app/core/quick_idea.h"

#include <doctest/doctest.h>

using idekort::QuickIdea;

TEST_CASE("[QuickIdea] an empty or blank draft is refused and kept") {
    QuickIdea idea;
    CHECK(idea.problem_key() == "quick_idea.error.empty");
    idea.draft() = "   ";
    CHECK_FALSE(idea.note());
    CHECK(idea.draft() == "   ");
    CHECK(idea.noted().empty());
}

TEST_CASE("[QuickIdea] a valid draft is noted trimmed and the field cleared") {
    QuickIdea idea;
    idea.draft() = "  Æblegrød til alle  ";
    CHECK(idea.problem_key().empty());
    CHECK(idea.note());
    CHECK(idea.draft().empty());
    REQUIRE(idea.noted().size() == 1);
    CHECK(idea.noted()[0] == "Æblegrød til alle");
}

TEST_CASE("[QuickIdea] the length limit counts characters, not bytes") {
    QuickIdea idea;
    idea.draft() = std::string();
    for (int i = 0; i < 120; ++i) idea.draft() += "ø"; // 120 characters, 240 bytes
    CHECK(idea.problem_key().empty());
    idea.draft() += "ø";
    CHECK(idea.problem_key() == "quick_idea.error.too_long");
    CHECK_FALSE(idea.note());
    CHECK(idea.draft().size() == 242); // nothing typed is lost
}

TEST_CASE("[QuickIdea] invalid UTF-8 is refused with its own message") {
    QuickIdea idea;
    idea.draft() = "bad \xC3";
    CHECK(idea.problem_key() == "quick_idea.error.invalid_text");
}
