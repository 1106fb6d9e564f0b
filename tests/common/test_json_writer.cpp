// Tests for common/json_writer.h.
#include "common/json_writer.h"

#include <doctest/doctest.h>

TEST_CASE("[json] strings are quoted with escapes, UTF-8 passes through") {
    CHECK(idekort::json::quote("Æblegrød") == "\"Æblegrød\"");
    CHECK(idekort::json::quote("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
    CHECK(idekort::json::quote("a\nb\x01") == "\"a\\nb\\u0001\"");
}
