// Secrets for idekort-server, all from Debian's libsodium: random tokens and codes, the one-way
// hashes under which tokens and codes are stored (a database leak must not hand out working
// device tokens), and argon2id password hashes for administrator accounts.
#pragma once

#include <string>
#include <string_view>

namespace idekort::server::crypto {

// sodium_init(); false when libsodium cannot start (no entropy source).
bool initialise();

// `bytes` random bytes as unpadded base64url: device and session tokens.
std::string random_token(std::size_t bytes = 32);
// A one-time enrollment code that a person can type: 12 Crockford base32 characters in groups
// of four ("7K3M-Q9XD-2HJP", 60 bits).
std::string random_enrollment_code();
// The canonical form of a typed enrollment code (upper case, no dashes or spaces, O->0, I/L->1).
std::string normalise_enrollment_code(std::string_view typed);

// Hex BLAKE2b-256 of a token or code: what the database keeps. Tokens are 256 random bits, so a
// fast hash is enough (no dictionary to attack); passwords use argon2id below.
std::string token_hash(std::string_view token);

// argon2id in libsodium's self-describing string form; empty when out of memory.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& stored_hash, std::string_view password);

// Equality in time independent of where the inputs differ (submission keys).
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace idekort::server::crypto
