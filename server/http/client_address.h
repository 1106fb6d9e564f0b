// Which address a request comes from, for the per-address limits (rate limits, login back-off,
// connections). Behind the TLS proxy every connection comes from the proxy, so the proxy's
// `Forwarded` (RFC 7239) or `X-Forwarded-For` header names the client; but anyone can send
// those headers, so they are believed only when the connection comes from a trusted proxy
// (the `trusted-proxy` setting), and only the hops that trusted proxies added.
#pragma once

#include "common/status.h"

#include <boost/asio/ip/address.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace idekort::server {

// An address or a CIDR block ("10.0.0.0/8", "::1", "192.0.2.7").
struct IpNetwork {
    boost::asio::ip::address base;
    unsigned prefix = 0;
    bool contains(const boost::asio::ip::address& a) const;
};

// "ADDRESS" or "ADDRESS/BITS"; errors say what is wrong with the text.
Expected<IpNetwork> parse_ip_network(std::string_view text);

// The client's address as text. `peer` is the connection's remote address. When it is in
// `trusted`, the forwarding chain (Forwarded's for= values, else X-Forwarded-For) is read from
// the right, skipping trusted proxies; the first other address is the client. A hop a proxy
// could not name ("unknown", obfuscated) ends the walk at the last address known.
std::string client_address(const boost::asio::ip::address& peer, std::string_view forwarded, std::string_view x_forwarded_for,
                           const std::vector<IpNetwork>& trusted);

} // namespace idekort::server
