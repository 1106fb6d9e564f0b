// new_card: the one way the app makes a card. Its id (UUID v4) and times are made now, on the
// device, never at sending, so retries and reinstalls cannot turn one idea into two; its origin
// says where it was written (kiosk, web, workshop and the device), which the office reads.
#pragma once

#include "common/idea_card.h"

#include <string>

namespace idekort {

IdeaCard new_card(const std::string& language, const CardOrigin& origin);

} // namespace idekort
