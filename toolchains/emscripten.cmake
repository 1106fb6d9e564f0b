# Web build toolchain: Debian's Emscripten 3.1.6 (package `emscripten`), plus what it needs on
# this kind of machine (TOOLCHAIN.md): node driver scripts find acorn only with
# NODE_PATH=/usr/share/nodejs, and emcc's wasm tests run under node without experimental fetch.
# The presets export NODE_PATH and EMSDK_PYTHON for build steps too.
set(ENV{NODE_PATH} "/usr/share/nodejs")
set(ENV{EMSDK_PYTHON} "/usr/bin/python3")
include("/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake")
find_program(IDEKORT_NODE node REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR "${IDEKORT_NODE};--no-experimental-fetch" CACHE STRING "" FORCE)
