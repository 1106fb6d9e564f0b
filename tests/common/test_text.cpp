// Tests for common/text.h: lengths in characters, UTF-8 validity, control characters.
#include "common/text.h"

#include <doctest/doctest.h>

using namespace idekort::text;

TEST_CASE("[text] Danish letters count as one character each") {
    CHECK(count_characters("Æblegrød") == 8);
    CHECK(std::string("Æblegrød").size() == 10);
    CHECK(count_characters("") == 0);
    CHECK(count_characters("€ – “x”") == 7);
    CHECK(count_characters("\xF0\x9F\x98\x80") == 1); // an emoji is one character
}

TEST_CASE("[text] well-formed UTF-8 is accepted and malformed input rejected") {
    CHECK(is_valid_utf8("Æblegrød på én linje"));
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));
    CHECK_FALSE(is_valid_utf8("\xC3"));             // truncated
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));     // UTF-16 surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xE6\xF8\xE5"));     // Latin-1 "æøå"
}

TEST_CASE("[text] trim removes surrounding whitespace only") {
    CHECK(trim("  Æble grød \n") == "Æble grød");
    CHECK(trim(" \t ").empty());
}

TEST_CASE("[text] control characters are stripped, newlines kept on request") {
    CHECK(strip_control_characters("a\x01" "b\x7F" "c", false) == "abc");
    CHECK(strip_control_characters("a\nb", true) == "a\nb");
    CHECK(strip_control_characters("a\nb", false) == "a b");
    CHECK(strip_control_characters("x\xC2\x85y", false) == "xy");    // C1 NEL
    CHECK(strip_control_characters("Æ\xC2\xA0Ø", false) == "Æ\xC2\xA0Ø"); // NBSP is text
}

TEST_CASE("[text] percent-decoding reads escapes of either case and refuses broken ones") {
    CHECK(idekort::text::percent_decode("a%2Fb%2fc", false) == "a/b/c");
    CHECK(idekort::text::percent_decode("a+b", true) == "a b");
    CHECK(idekort::text::percent_decode("a+b", false) == "a+b");
    CHECK(!idekort::text::percent_decode("%4", false));
    CHECK(!idekort::text::percent_decode("%zz", false));
    CHECK(idekort::text::hex_value('F') == 15);
    CHECK(idekort::text::hex_value('g') == -1);
}

TEST_CASE("[text] a query value is percent-encoded so that decoding gives it back") {
    CHECK(idekort::text::percent_encoded("AB12-cd") == "AB12-cd");
    CHECK(idekort::text::percent_encoded("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9");
    for (const std::string value : {"", "KODE 12", "&?#%+", "Ærø\n"})
        CHECK(idekort::text::percent_decode(idekort::text::percent_encoded(value), false) == value);
}
