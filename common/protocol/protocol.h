// The wire protocol of idekort-server and its clients (API v1, docs/API.md), in one place that
// both sides compile: the protocol version, header names, route paths, error codes, and every
// request and reply with its to-JSON and from-JSON. The server writes its replies through these
// types and the app reads them through the same types, so the two cannot drift apart.
//
// Adding a message (say, the office app's "triage a card"):
//  1. a struct in the file of its area (cards.h, devices.h, accounts.h, health.h, or a new one
//     included below), with `void write(json::Writer&) const` and
//     `static T read(json::ObjectReader&)`, both listing the members in the same order;
//  2. its route, if new, in `route` below and in the server's route table (the OpenAPI test
//     then asks for it in docs/openapi.json);
//  3. a sample in tests/common/test_protocol.cpp's round-trip list, and its shape in docs/API.md.
// protocol::to_json(message) and protocol::from_json<T>(text) (message.h) do the rest.
#pragma once

#include "common/protocol/accounts.h"
#include "common/protocol/cards.h"
#include "common/protocol/dashboard.h"
#include "common/protocol/devices.h"
#include "common/protocol/errors.h"
#include "common/protocol/health.h"
#include "common/protocol/meetings.h"
#include "common/protocol/message.h"
#include "common/protocol/pipeline.h"
#include "common/protocol/sparring.h"
#include "common/protocol/wire.h"
