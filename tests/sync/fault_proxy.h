// FaultProxy: a small TCP proxy of our own between the sync client and the real idekort-server
// on loopback, which breaks exchanges the ways real networks do (issue 6's fault list). It reads
// each HTTP/1.1 request (keep-alive included), picks a fault for it at random from a weighted
// mix, and then:
//   DropBeforeRequest   closes the connection before anything reaches the server
//   DropDuringRequest   passes half the request on, then closes both sides
//   DropAfterRequest    passes the whole request on, then closes without waiting for the answer
//   ResetAfterCommit    waits for the server's whole answer (the card is committed), then resets
//                       the client's connection (RST) instead of passing the answer back
//   Latency             delays the request and the answer
//   SlowBandwidth       passes both ways a few bytes at a time
//   Answer500/503       answers itself, like a broken load balancer (no identity header);
//                       every fifth 503 carries "Retry-After: 1"
//   CaptivePortal       answers itself 200 with an HTML login page
// Fault-free requests pass through unchanged. The mix can change while connections run.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace idekort::test {

enum class Fault {
    None, DropBeforeRequest, DropDuringRequest, DropAfterRequest, ResetAfterCommit,
    Latency, SlowBandwidth, Answer500, Answer503, CaptivePortal,
};
constexpr std::size_t fault_kinds = 10;
const char* fault_name(Fault f);

struct FaultMix {
    std::array<double, fault_kinds> weight{};   // by Fault; None's weight is the fault-free share
    int latency_ms = 300;
    int bytes_per_second = 4000;                // SlowBandwidth

    static FaultMix none();
    // Every fault in turn: `fault_share` of requests meet one, spread evenly over the kinds.
    static FaultMix all_kinds(double fault_share);
};

class FaultProxy {
public:
    // Listens on 127.0.0.1 (any free port) and forwards to 127.0.0.1:upstream_port.
    FaultProxy(std::uint16_t upstream_port, std::uint64_t seed);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    std::uint16_t port() const { return m_port; }
    void set_mix(const FaultMix& mix);
    // How many requests met each fault so far.
    std::array<long, fault_kinds> counts() const;

private:
    void accept_loop();
    void serve(int client);
    Fault pick();

    std::uint16_t m_upstream_port;
    int m_listen = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    FaultMix m_mix = FaultMix::none();
    std::mt19937_64 m_random;
    std::array<long, fault_kinds> m_counts{};
    std::set<int> m_sockets;              // open connections, shut down on destruction
    int m_serving = 0;                    // connection threads still running (detached)
    std::condition_variable m_served;
    std::thread m_acceptor;
};

} // namespace idekort::test
