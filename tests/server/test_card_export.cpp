// CSV export (server/card_export.h): spreadsheet-safe cells.
#include "server/api/card_export.h"

#include <doctest/doctest.h>

using namespace idekort::server;

TEST_CASE("[csv] formula starters are neutralised, quotes doubled, everything quoted") {
    CHECK(csv_cell("=1+2") == "\"'=1+2\"");
    CHECK(csv_cell("+45 12 34") == "\"'+45 12 34\"");
    CHECK(csv_cell("-2") == "\"'-2\"");
    CHECK(csv_cell("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(csv_cell("\tcmd") == "\"'\tcmd\"");
    CHECK(csv_cell("say \"hi\", twice\nok") == "\"say \"\"hi\"\", twice\nok\"");
    CHECK(csv_cell("a=b") == "\"a=b\"");
    CHECK(csv_cell("") == "\"\"");
}

TEST_CASE("[csv] the export starts with a BOM and a header, one CRLF row per card") {
    const std::string csv = cards_csv({}, Role::Triage);
    CHECK(csv.rfind("\xEF\xBB\xBF\"card_id\",\"receipt\"", 0) == 0);
    CHECK(csv.size() > 3);
    CHECK(csv.substr(csv.size() - 2) == "\r\n");
}
