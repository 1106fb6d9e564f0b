// Tests for common/json_writer.h.
#include "common/json_writer.h"

#include <doctest/doctest.h>

TEST_CASE("[json] strings are quoted with escapes, UTF-8 passes through") {
    CHECK(idekort::json::quote("Æblegrød") == "\"Æblegrød\"");
    CHECK(idekort::json::quote("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
    CHECK(idekort::json::quote("a\nb\x01") == "\"a\\nb\\u0001\"");
}

TEST_CASE("[json] the writer places commas between members, items and nested values") {
    idekort::json::Writer w;
    w.begin_object();
    w.key("a").value(1);
    w.key("b").begin_array().value("x").value(true).null().begin_object().key("c").value(2.5).end_object().end_array();
    w.key("d").begin_object().end_object();
    w.end_object();
    CHECK(w.str() == R"({"a":1,"b":["x",true,null,{"c":2.5}],"d":{}})");
}
