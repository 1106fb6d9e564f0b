# Third-party code, all from Debian (binary packages or source packages that
# scripts/bootstrap.sh fetched into .deps/). Nothing here is committed to the repository.
#
# Targets made here:
#   idekort::third_party_headers  header-only deps (doctest, cereal) for both targets
#   idekort::imgui                Dear ImGui core, built with our item hooks enabled
#   idekort::imgui_backends       imgui_impl_sdl2 + imgui_impl_opengl3 natively, imgui_impl_opengl3
#                                 alone in the browser (platform/ links it)
#   SDL2 via find_package         Debian's libsdl2-dev, natively only

# Read the pinned versions shared with the bootstrap script.
file(STRINGS "${PROJECT_SOURCE_DIR}/deps.versions" _idekort_versions REGEX "^[A-Z0-9_]+=")
foreach(_line IN LISTS _idekort_versions)
  string(REGEX MATCH "^([A-Z0-9_]+)=(.*)$" _ "${_line}")
  set(${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
endforeach()

set(IDEKORT_DEPS_DIR "${PROJECT_SOURCE_DIR}/.deps" CACHE PATH "Where bootstrap puts fetched deps")

# [SECTION] Header-only dependencies (Debian's cereal includes RapidJSON from rapidjson-dev)
# Emscripten must not see /usr/include (glibc headers would shadow its libc), so the
# header-only packages are copied into the build tree at configure time and used from there
# on both targets, which keeps the two builds identical.
set(_hdr_dir "${CMAKE_BINARY_DIR}/third_party/include")
foreach(_pkg doctest cereal rapidjson)
  if(NOT EXISTS "/usr/include/${_pkg}")
    message(FATAL_ERROR "/usr/include/${_pkg} is missing: run scripts/bootstrap.sh "
                        "(Debian packages doctest-dev, libcereal-dev and rapidjson-dev)")
  endif()
  if(NOT EXISTS "${_hdr_dir}/${_pkg}")
    file(COPY "/usr/include/${_pkg}" DESTINATION "${_hdr_dir}")
  endif()
endforeach()
add_library(idekort_third_party_headers INTERFACE)
target_include_directories(idekort_third_party_headers SYSTEM INTERFACE "${_hdr_dir}")
add_library(idekort::third_party_headers ALIAS idekort_third_party_headers)

# [SECTION] Native libraries from Debian's -dev packages, found once here so every folder sees
# the imported targets.
# A cross build (kiosk-arm64) has them only with an arm64 sysroot; without one the store and
# the app are left out, as SDL2 is, and the libraries and their tests still configure.
if(NOT EMSCRIPTEN)
  find_package(Threads REQUIRED)
  if(CMAKE_CROSSCOMPILING)
    find_package(SQLite3)
    find_package(CURL)
  else()
    find_package(SQLite3 REQUIRED)   # libsqlite3-dev: the device store
    find_package(CURL REQUIRED)      # libcurl4-openssl-dev: the sync engine's native transport
  endif()
endif()

if(NOT IDEKORT_BUILD_APP)
  return()
endif()

# [SECTION] Dear ImGui (Debian source package, or a local checkout)
if(DEFINED ENV{IDEKORT_IMGUI_DIR} AND NOT IDEKORT_IMGUI_DIR)
  set(IDEKORT_IMGUI_DIR "$ENV{IDEKORT_IMGUI_DIR}")
endif()
set(IDEKORT_IMGUI_DIR "${IDEKORT_IMGUI_DIR}" CACHE PATH "ImGui source (default: .deps/imgui-<version>)")
if(NOT IDEKORT_IMGUI_DIR)
  set(IDEKORT_IMGUI_DIR "${IDEKORT_DEPS_DIR}/imgui-${IMGUI_DEBIAN_VERSION}")
endif()
if(NOT EXISTS "${IDEKORT_IMGUI_DIR}/imgui.h")
  message(FATAL_ERROR "ImGui not found in ${IDEKORT_IMGUI_DIR}: run scripts/bootstrap.sh, "
                      "or set IDEKORT_IMGUI_DIR to a checkout of ImGui 1.90.1")
endif()

# The browser build compiles imgui_draw.cpp without the fallback to ImGui's embedded ProggyClean
# font: ImFontAtlas::Build() calls AddFontDefault() when no font was added, and that one call
# links 12 kB of base85 font data that the app never draws with (its fonts come from the asset
# pack, and init fails with a named error when they are missing, before any atlas is built).
# 1.90.1 has no switch for it, so configure writes a copy into the build tree with that one
# statement replaced by an assertion; nothing in the repository changes ImGui's source.
# docs/BENCHMARKS.md, "Web size" under issue 11.
set(IDEKORT_IMGUI_DRAW_SOURCE "${IDEKORT_IMGUI_DIR}/imgui_draw.cpp")
if(EMSCRIPTEN)
  file(READ "${IDEKORT_IMGUI_DIR}/imgui_draw.cpp" _imgui_draw)
  set(_default_font_fallback "    if (ConfigData.Size == 0)\n        AddFontDefault();\n")
  string(FIND "${_imgui_draw}" "${_default_font_fallback}" _at)
  if(_at EQUAL -1)
    message(FATAL_ERROR "imgui_draw.cpp in ${IDEKORT_IMGUI_DIR} no longer has ImFontAtlas::Build()'s "
                        "fallback to AddFontDefault() as 1.90.1 wrote it: check the web build's "
                        "ProggyClean removal in cmake/IdekortDependencies.cmake against this version")
  endif()
  string(REPLACE "${_default_font_fallback}"
    "    IM_ASSERT(ConfigData.Size > 0 && \"the web build has no ProggyClean: add a font before building the atlas\");\n"
    _imgui_draw "${_imgui_draw}")
  set(IDEKORT_IMGUI_DRAW_SOURCE "${CMAKE_BINARY_DIR}/third_party/imgui/imgui_draw.cpp")
  file(WRITE "${IDEKORT_IMGUI_DRAW_SOURCE}.new" "${_imgui_draw}")
  # Only a changed copy is rewritten, so a reconfigure does not recompile ImGui.
  file(COPY_FILE "${IDEKORT_IMGUI_DRAW_SOURCE}.new" "${IDEKORT_IMGUI_DRAW_SOURCE}" ONLY_IF_DIFFERENT)
  file(REMOVE "${IDEKORT_IMGUI_DRAW_SOURCE}.new")
endif()

add_library(idekort_imgui STATIC
  "${IDEKORT_IMGUI_DIR}/imgui.cpp"
  "${IDEKORT_IMGUI_DRAW_SOURCE}"
  "${IDEKORT_IMGUI_DIR}/imgui_tables.cpp"
  "${IDEKORT_IMGUI_DIR}/imgui_widgets.cpp"
  "${IDEKORT_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp")
target_include_directories(idekort_imgui SYSTEM PUBLIC
  "${IDEKORT_IMGUI_DIR}" "${IDEKORT_IMGUI_DIR}/misc/cpp")
# IMGUI_ENABLE_TEST_ENGINE turns on the item hooks that app/ui/item_registry.cpp implements.
# IMGUI_USE_WCHAR32 keeps emoji and makes text indices code points on both targets.
target_compile_definitions(idekort_imgui PUBLIC
  IMGUI_ENABLE_TEST_ENGINE IMGUI_USE_WCHAR32 IMGUI_DISABLE_OBSOLETE_FUNCTIONS
  IMGUI_DISABLE_OBSOLETE_KEYIO)
if(EMSCRIPTEN)
  # The browser build ships no Metrics/ID-stack tools: they cost download size for nobody.
  target_compile_definitions(idekort_imgui PUBLIC IMGUI_DISABLE_DEBUG_TOOLS)
endif()
add_library(idekort::imgui ALIAS idekort_imgui)

# [SECTION] SDL2
# The kiosk's window and input. The browser build has no SDL: its input comes from the page's
# events through Emscripten's HTML5 API (platform/web/web_session.cpp), which is all SDL did
# there, at a tenth of the download (docs/BENCHMARKS.md).
if(NOT EMSCRIPTEN AND (NOT CMAKE_CROSSCOMPILING OR SDL2_DIR))
  find_package(SDL2 REQUIRED CONFIG)
  set(IDEKORT_SDL2_TARGET SDL2::SDL2)
endif()

# [SECTION] ImGui backends for SDL2 + OpenGL 3 / GLES 3 / WebGL2
if(EMSCRIPTEN)
  # The browser: ImGui's WebGL2 (GLES 3) renderer alone; the page's events feed ImGui directly.
  add_library(idekort_imgui_backends STATIC "${IDEKORT_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
  target_include_directories(idekort_imgui_backends SYSTEM PUBLIC "${IDEKORT_IMGUI_DIR}/backends")
  target_link_libraries(idekort_imgui_backends PUBLIC idekort_imgui)
  target_compile_definitions(idekort_imgui_backends PUBLIC IMGUI_IMPL_OPENGL_ES3)
  add_library(idekort::imgui_backends ALIAS idekort_imgui_backends)
elseif(IDEKORT_SDL2_TARGET)
  add_library(idekort_imgui_backends STATIC
    "${IDEKORT_IMGUI_DIR}/backends/imgui_impl_sdl2.cpp"
    "${IDEKORT_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
  target_include_directories(idekort_imgui_backends SYSTEM PUBLIC "${IDEKORT_IMGUI_DIR}/backends")
  target_link_libraries(idekort_imgui_backends PUBLIC idekort_imgui ${IDEKORT_SDL2_TARGET})
  if(IDEKORT_GLES)
    target_compile_definitions(idekort_imgui_backends PUBLIC IMGUI_IMPL_OPENGL_ES3)
  endif()
  find_package(OpenGL REQUIRED)
  target_link_libraries(idekort_imgui_backends PUBLIC OpenGL::GL ${CMAKE_DL_LIBS})
  add_library(idekort::imgui_backends ALIAS idekort_imgui_backends)
endif()
