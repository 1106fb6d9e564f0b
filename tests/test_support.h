// Small helpers shared by the doctest suites: files of the source tree, one-place edits of a
// known-good text to make a broken one, and the shipped programme.
#pragma once

#include "common/file_io.h"
#include "common/programme_config.h"

#include <doctest/doctest.h>

#include <string>

namespace idekort::test {

// A file of the source tree, by path relative to its root ("tests/fixtures/card-v1.json").
inline std::string read_project_file(const std::string& relative) {
    auto content = file_io::read_file(std::string(IDEKORT_SOURCE_DIR) + "/" + relative);
    REQUIRE_MESSAGE(content.ok(), relative);
    return content.value();
}

// `s` with its first `from` replaced by `to`; fails the test when `from` is not there, so a
// broken-input case can never silently test the unbroken input.
inline std::string replace_once(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "not in the text: " << from);
    return s.replace(at, from.size(), to);
}

// The programme the app ships (assets/programme/programme.json), parsed once.
inline const ProgrammeConfig& shipped_programme() {
    static const ProgrammeConfig programme =
        ProgrammeConfig::parse(read_project_file("assets/programme/programme.json"), "programme.json").value();
    return programme;
}

} // namespace idekort::test
