// The live workshop's WebSocket (Boost.Beast; issue 16, point 2; the protocol is
// common/protocol/workshop.h, "The live channel"): GET /api/v1/workshops/{code}/live upgraded.
// The HTTP session hands its socket and the upgrade request over, and the live session lives on
// its own until either side closes, a ping goes unanswered, or the server stops.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>

#include <string>
#include <string_view>

namespace idekort::server {

class WorkshopApi;

// The join code when `path` is a workshop's live route, else empty.
std::string workshop_live_code(std::string_view path);

void start_workshop_live(boost::asio::ip::tcp::socket&& socket, boost::beast::http::request<boost::beast::http::string_body> upgrade,
                         WorkshopApi& workshops, std::string code);

} // namespace idekort::server
