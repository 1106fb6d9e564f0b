// A RapidJSON document from JSON text, behind the guard (json_guard.h): the one way the app and
// the server turn text into a document, so that every parse has the same checks and the web
// build carries one instantiation of RapidJSON's parser rather than one per call site's flags.
#pragma once

#include "common/json_guard.h"
#include "common/status.h"

#include "common/rapidjson_setup.h"

// cereal's header comes first: it configures RapidJSON (assertions throw, default flags), and
// every file that includes RapidJSON must see the same configuration.
#include <cereal/archives/json.hpp>
#include <rapidjson/document.h>

#include <cstddef>
#include <limits>
#include <string_view>

namespace idekort {

// Parses untrusted JSON into `doc` in a single pass, with every check check_json makes (size,
// number shape, depth, UTF-8 of the raw and of the decoded text, no NaN or Infinity), and with
// the same errors. Implemented in json_guard.cpp, beside check_json, with which it shares its
// handler. On failure `doc` holds nothing useful.
Status parse_guarded_json(std::string_view json, const JsonLimits& limits, rapidjson::Document& doc);

// Limits for JSON this program's own other half wrote (the browser's store worker, fetch's
// header list): any size, and numbers as JavaScript writes them.
inline JsonLimits own_json_limits() {
    JsonLimits limits;
    limits.max_bytes = std::numeric_limits<std::size_t>::max();
    limits.whole_numbers_only = false;
    return limits;
}

} // namespace idekort
