// Enum values to and from their text forms through one table per enum (card states, pipeline
// actions, close reasons): the text is what the API sends and the store keeps.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace idekort {

template <class Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// The value's text; the table's first entry for a value it lacks (cannot happen with a full table).
template <class Enum, std::size_t N>
std::string_view enum_name(const EnumNames<Enum, N>& names, Enum value) {
    for (const auto& [v, name] : names)
        if (v == value) return name;
    return names[0].second;
}

// The value whose text is exactly `text` (case matters), or nothing.
template <class Enum, std::size_t N>
std::optional<Enum> enum_value(const EnumNames<Enum, N>& names, std::string_view text) {
    for (const auto& [v, name] : names)
        if (name == text) return v;
    return std::nullopt;
}

} // namespace idekort
