// Client addresses behind trusted proxies (see client_address.h).
#include "server/http/client_address.h"

#include "common/text.h"

#include <optional>

namespace idekort::server {

namespace ip = boost::asio::ip;

namespace {

ip::address canonical(const ip::address& a) {
    if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
    return a;
}

// One hop of a forwarding header: "192.0.2.7", "192.0.2.7:4711", "[2001:db8::1]:4711",
// "\"[2001:db8::1]\"", "2001:db8::1". Nothing when it is not an address.
std::optional<ip::address> hop_address(std::string_view text) {
    text = text::trim(text);
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        text = text.substr(1, close - 1);
    } else if (text.find(':') == text.rfind(':') && text.find(':') != std::string_view::npos) {
        text = text.substr(0, text.find(':')); // IPv4 with a port
    }
    boost::system::error_code ec;
    const auto a = ip::make_address(std::string(text), ec);
    if (ec) return std::nullopt;
    return canonical(a);
}

std::vector<std::string_view> split(std::string_view text, char by) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find(by, start);
        out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

// The hops of the chain, first (the original client) to last (the hop nearest us).
std::vector<std::string_view> chain(std::string_view forwarded, std::string_view x_forwarded_for) {
    std::vector<std::string_view> hops;
    if (!text::trim(forwarded).empty()) {
        for (std::string_view element : split(forwarded, ','))
            for (std::string_view pair : split(element, ';')) {
                pair = text::trim(pair);
                if (pair.size() > 4 && (pair.substr(0, 4) == "for=" || pair.substr(0, 4) == "For=" || pair.substr(0, 4) == "FOR="))
                    hops.push_back(pair.substr(4));
            }
        return hops;
    }
    if (!text::trim(x_forwarded_for).empty())
        for (std::string_view hop : split(x_forwarded_for, ',')) hops.push_back(hop);
    return hops;
}

bool is_trusted(const ip::address& a, const std::vector<IpNetwork>& trusted) {
    for (const IpNetwork& n : trusted)
        if (n.contains(a)) return true;
    return false;
}

} // namespace

bool IpNetwork::contains(const ip::address& raw) const {
    const ip::address a = canonical(raw);
    if (a.is_v4() != base.is_v4()) return false;
    if (a.is_v4()) {
        const auto mask = prefix == 0 ? 0u : ~0u << (32 - prefix);
        return (a.to_v4().to_uint() & mask) == (base.to_v4().to_uint() & mask);
    }
    const auto x = a.to_v6().to_bytes(), y = base.to_v6().to_bytes();
    for (unsigned bit = 0; bit < prefix; ++bit) {
        const unsigned byte = bit / 8, mask = 0x80u >> (bit % 8);
        if ((x[byte] & mask) != (y[byte] & mask)) return false;
    }
    return true;
}

Expected<IpNetwork> parse_ip_network(std::string_view text) {
    const auto slash = text.find('/');
    boost::system::error_code ec;
    const auto a = ip::make_address(std::string(text.substr(0, slash)), ec);
    if (ec) return Error{"'" + std::string(text.substr(0, slash)) + "' is not an IP address", std::string(text)};
    IpNetwork n{canonical(a), canonical(a).is_v4() ? 32u : 128u};
    if (slash != std::string_view::npos) {
        const std::string bits(text.substr(slash + 1));
        char* end = nullptr;
        const long b = std::strtol(bits.c_str(), &end, 10);
        if (bits.empty() || *end || b < 0 || b > static_cast<long>(n.prefix))
            return Error{"the prefix length must be a whole number from 0 to " + std::to_string(n.prefix), std::string(text)};
        n.prefix = static_cast<unsigned>(b);
    }
    return n;
}

std::string client_address(const ip::address& raw_peer, std::string_view forwarded, std::string_view x_forwarded_for,
                           const std::vector<IpNetwork>& trusted) {
    ip::address client = canonical(raw_peer);
    if (!is_trusted(client, trusted)) return client.to_string();
    const auto hops = chain(forwarded, x_forwarded_for);
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
        const auto hop = hop_address(*it);
        if (!hop) break;            // a hop the proxy could not name: the last known address stands
        client = *hop;
        if (!is_trusted(client, trusted)) break;
    }
    return client.to_string();
}

} // namespace idekort::server
