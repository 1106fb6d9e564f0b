// Tests for common/card_id.h: UUID v4 ids and the receipt codes derived from them.
#include "common/card_id.h"

#include <doctest/doctest.h>

#include <set>

using namespace idekort;

TEST_CASE("[CardId] new ids are distinct version 4 UUIDs that round-trip") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = to_string(new_uuid());
        CHECK(is_uuid_v4(id));
        CHECK(id.size() == 36);
        CHECK(id[14] == '4');
        seen.insert(id);
        CHECK(to_string(parse_uuid(id).value()) == id);
    }
    CHECK(seen.size() == 1000);
}

TEST_CASE("[CardId] malformed ids are refused with a reason") {
    CHECK_FALSE(parse_uuid("").ok());
    CHECK_FALSE(parse_uuid("3f0c8a2e5b1d4c7e9a440d6e2b7f1c93").ok());
    CHECK_FALSE(parse_uuid("3f0c8a2e-5b1d-4c7e-9a44-0d6e2b7f1c9g").ok());
    CHECK_FALSE(parse_uuid("3f0c8a2e-5b1d-1c7e-9a44-0d6e2b7f1c93").ok()); // version 1
    CHECK_FALSE(parse_uuid("3f0c8a2e-5b1d-4c7e-1a44-0d6e2b7f1c93").ok()); // wrong variant
    CHECK(parse_uuid("3F0C8A2E-5B1D-4C7E-9A44-0D6E2B7F1C93").ok());
}

TEST_CASE("[ReceiptCode] is derived from the id: same id, same code, readable alphabet") {
    const Uuid id = parse_uuid("3f0c8a2e-5b1d-4c7e-9a44-0d6e2b7f1c93").value();
    const std::string code = receipt_code(id);
    CHECK(code == receipt_code(id));
    REQUIRE(code.size() == 9);
    CHECK(code[4] == '-');
    // 0x3f0c8a2e5b = 00111 11100 00110 01000 10100 01011 10010 11011
    CHECK(code == "7W68-MBJV");
    for (const char c : code) CHECK(std::string("ILOU").find(c) == std::string::npos);
}

TEST_CASE("[ReceiptCode] typed codes are read forgivingly, wrong ones refused") {
    CHECK(normalise_receipt_code("7w68-mbjv").value() == "7W68-MBJV");
    CHECK(normalise_receipt_code("7W68 MBJV").value() == "7W68-MBJV");
    CHECK(normalise_receipt_code("7W68MBJV").value() == "7W68-MBJV");
    CHECK(normalise_receipt_code("O1I2-L3AB").value() == "0112-13AB");
    CHECK_FALSE(normalise_receipt_code("7W68-MBJ").ok());
    CHECK_FALSE(normalise_receipt_code("7W68-MBJVX").ok());
    CHECK_FALSE(normalise_receipt_code("7W68-MBJU").ok()); // U is not in the alphabet
}
