// A minimal JSON writer for small diagnostic documents (the widget registry that tests and the
// browser's accessibility mirror read). Card serialization uses cereal instead; this exists so
// that app/core and platform/ can emit JSON without pulling cereal into every target.
#pragma once

#include <string>
#include <string_view>

namespace idekort::json {

// `s` as a quoted JSON string, with quotes, backslashes and control characters escaped.
// Non-ASCII UTF-8 passes through unchanged (JSON is UTF-8).
std::string quote(std::string_view s);

} // namespace idekort::json
