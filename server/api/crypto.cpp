// Secrets (see crypto.h).
#include "server/api/crypto.h"

#include <sodium.h>

#include <vector>

namespace idekort::server::crypto {

namespace {
constexpr const char* crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
// OWASP's argon2id minimum (19 MiB, 2 passes): a login costs ~50 ms and 19 MiB, so a burst of
// logins cannot push the server far past its memory budget (docs/BENCHMARKS.md).
constexpr unsigned long long password_ops = 2;
constexpr std::size_t password_memory = 19u * 1024u * 1024u;
} // namespace

bool initialise() { return sodium_init() >= 0; }

std::string random_token(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    return out;
}

std::string random_enrollment_code() {
    std::string code;
    for (int i = 0; i < 12; ++i) {
        if (i && i % 4 == 0) code.push_back('-');
        code.push_back(crockford[randombytes_uniform(32)]);
    }
    return code;
}

std::string normalise_enrollment_code(std::string_view typed) {
    std::string out;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c == 'O') c = '0';
        if (c == 'I' || c == 'L') c = '1';
        out.push_back(c);
    }
    return out;
}

std::string token_hash(std::string_view token) {
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
    char hex[crypto_generichash_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string hash_password(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), password_ops, password_memory,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return {};
    return out;
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
    if (stored_hash.rfind("$argon2id$", 0) != 0) return false;
    return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace idekort::server::crypto
