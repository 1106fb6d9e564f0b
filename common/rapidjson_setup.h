// RapidJSON's configuration, included before cereal's and RapidJSON's headers by every file that
// includes them (json_document.h, json_archives.h), so that all see the same.
//
// RapidJSON asserts only on a programming error (a value read as a type it does not have); every
// reader here checks the type before it reads, so input never reaches one. cereal makes them throw
// cereal::RapidJSONException. In the browser build (IDEKORT_JSON_ASSERT_TRAPS, set by
// common/CMakeLists.txt) nothing catches, so a throw would only stop the program the long way:
// there they trap at once, and the wasm carries neither the throws nor their 38 messages.
#pragma once

#if defined(IDEKORT_JSON_ASSERT_TRAPS) && !defined(RAPIDJSON_ASSERT)
#define RAPIDJSON_ASSERT(x) if (!(x)) { __builtin_trap(); }
#endif
