// LoginBackoff: failed administrator logins counted per client address AND account name, so
// that ten wrong passwords from one address slow that address down for that account only:
// nobody can lock an administrator out from elsewhere (the old account-wide lock was a denial
// of service). The name is counted whether or not such an account exists, so being held back
// says nothing about which accounts exist.
//
// An attempt is reserved before its password is checked (begin) and settled after (end), under
// one lock: N concurrent guesses can never check more than the allowed number of passwords,
// which a read-then-write counter in the database allowed. After `max_failures` failures in a
// row the pair waits `lockout`, twice that after the next run of failures, and so on (capped at
// a day). In memory: a restart forgives, which is harmless next to the per-address login rate.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace idekort::server {

class LoginBackoff {
public:
    using Clock = std::chrono::system_clock;
    enum class Outcome { Failed, Succeeded, Abandoned };

    LoginBackoff(int max_failures, std::chrono::seconds lockout, std::size_t max_pairs = 100000)
        : m_max_failures(max_failures), m_lockout(lockout), m_max_pairs(max_pairs) {}

    // Reserves one attempt; false when the pair is held back (nothing is reserved then).
    bool begin(const std::string& address, const std::string& account, Clock::time_point now);
    // Settles a reserved attempt.
    void end(const std::string& address, const std::string& account, Outcome outcome, Clock::time_point now);

private:
    struct Pair {
        int failures = 0;          // in a row, since the last success or lockout
        int in_flight = 0;         // reserved, not yet settled
        int lockouts = 0;          // doubles the wait each time
        Clock::time_point held_until{};
    };
    static std::string key(const std::string& address, const std::string& account) { return address + '\n' + account; }
    void prune(Clock::time_point now);

    int m_max_failures;
    std::chrono::seconds m_lockout;
    std::size_t m_max_pairs;
    std::mutex m_mutex;
    std::unordered_map<std::string, Pair> m_pairs;
};

} // namespace idekort::server
