// UTF-8 text helpers shared by app and server. Lengths that users see are counted in
// characters (code points), never bytes: "Æblegrød" is 8 characters and 10 bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace idekort::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Number of code points in valid UTF-8. Invalid bytes count one each.
std::size_t count_characters(std::string_view s);

// The byte offset of the `characters`-th code point (clamped to the end). Text fields count
// their cursor in code points on both sides of the browser bridge, and ImGui's callbacks in bytes.
std::size_t byte_offset_of_character(std::string_view s, std::size_t characters);

// Removes leading and trailing ASCII whitespace.
std::string_view trim(std::string_view s);

// Removes C0/C1 control characters and DEL, keeping tab and newline when `keep_newlines`.
// Pasted text often carries them, and they break CSV exports and terminals later.
std::string strip_control_characters(std::string_view s, bool keep_newlines);

// The value of a hexadecimal digit (either case), or -1.
int hex_value(char c);

// %XX escapes decoded ('+' as a space when `plus_is_space`, as in a query string); nothing when
// an escape is broken ("%4", "%zz"). URL paths, queries and UUIDs all read through here.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

// `s` as one query value: every byte but A-Z a-z 0-9 - . _ ~ as %XX (RFC 3986's unreserved
// characters stay), so percent_decode gives `s` back.
std::string percent_encoded(std::string_view s);

// `s` safe inside HTML or XML text and quoted attributes: & < > " and ' as entities. Every
// participant's or submitter's words put in a page or an SVG go through here.
std::string markup_escaped(std::string_view s);

} // namespace idekort::text
