// Card ids and receipt codes.
//
// A card's id is a UUID v4 made on the device when the card is created (never when it is sent),
// so retries and reinstalls can never turn one idea into two. The receipt code is derived from
// the id, so the submitter gets it at once, even offline, and the server computes the same one.
//
// Receipt code: the first 40 random bits of the UUID in Crockford base32 (no I, L, O, U), shown
// as two groups of four, "7K3M-Q9XD". 40 bits keep it short enough to read aloud; among 10,000
// cards the chance that any two share a code is about 1 in 22,000, and the server (issue 5)
// refuses a second card whose code is taken. Input is forgiving the Crockford way: lower case,
// O for 0, I and L for 1, and dashes or spaces are accepted.
#pragma once

#include "common/status.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace idekort {

using Uuid = std::array<std::uint8_t, 16>;

// A new random UUID v4 from the system's CSPRNG (std::random_device: getrandom natively,
// crypto.getRandomValues in the browser).
Uuid new_uuid();
// Sets the version (4) and variant (10xx) bits of 16 random bytes.
Uuid uuid_from_random_bytes(Uuid bytes);

std::string to_string(const Uuid& uuid);                 // lower-case 8-4-4-4-12
Expected<Uuid> parse_uuid(std::string_view text);        // accepts only that form, v4
bool is_uuid_v4(std::string_view text);

// "7K3M-Q9XD" for the card with this id.
std::string receipt_code(const Uuid& id);
// The canonical code for what someone typed, or an error naming what is wrong.
Expected<std::string> normalise_receipt_code(std::string_view typed);

} // namespace idekort
