// libFuzzer target for the card JSON reader (common/card_json.h), the first thing untrusted
// bytes from the network meet. Any crash, sanitizer report or uncaught exception is a bug.
// A card that parses must also survive a write and a re-read unchanged.
// Build: the `fuzz` preset (clang with -fsanitize=fuzzer,address,undefined). Run:
//   build/fuzz/tests/fuzz/card_json_fuzzer -max_total_time=60 tests/fuzz/corpus
#include "common/card_json.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    auto card = idekort::card_from_json(input);
    if (card.ok()) {
        auto again = idekort::card_from_json(idekort::card_to_json(card.value()));
        if (!again.ok() || !(again.value() == card.value())) std::abort();
    }
    return 0;
}
