// Header names and route paths (see wire.h).
#include "common/protocol/wire.h"

namespace idekort::protocol {

std::string lower_case(std::string_view header_name) {
    std::string out(header_name);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string path(std::string_view pattern, std::string_view value) {
    const auto open = pattern.find('{');
    const auto close = pattern.find('}', open);
    if (open == std::string_view::npos || close == std::string_view::npos) return std::string(pattern);
    return std::string(pattern.substr(0, open)) + std::string(value) + std::string(pattern.substr(close + 1));
}

} // namespace idekort::protocol
